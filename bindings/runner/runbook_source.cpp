// Reading a runbook file: see runbook_source.hpp.
#include "bindings/runner/runbook_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace medic::lua {

namespace {

std::string cannot_read(const std::string& path, int err) { return "cannot read " + path + ": " + std::strerror(err); }

}  // namespace

std::string read_runbook_source(const std::string& path, std::string& out) {
    out.clear();
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) return cannot_read(path, errno);
    struct stat st {};
    std::string why;
    if (::fstat(fd, &st) != 0) why = cannot_read(path, errno);
    else if (S_ISDIR(st.st_mode)) why = cannot_read(path, EISDIR);
    // A FIFO or device could block forever or never end: only regular files.
    else if (!S_ISREG(st.st_mode)) why = "cannot read " + path + ": not a regular file";
    else {
        char buf[64 * 1024];
        for (;;) {
            ssize_t n = ::read(fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                why = cannot_read(path, errno);
                break;
            }
            if (n == 0) break;
            out.append(buf, size_t(n));
            if (out.size() > kMaxRunbookBytes) {
                why = path + " is larger than 1 MiB";
                break;
            }
        }
    }
    ::close(fd);
    if (!why.empty()) out.clear();
    return why;
}

}  // namespace medic::lua
