// bench/actions/fsync_floor.cpp: the latency floor of one durable commit on
// this disk: append 4 KiB to a file in the temp directory (where the write
// path benchmark keeps its database) and fdatasync it, N times; prints the
// p50/p99 latency and the implied ceiling of durable commits per second for
// one caller that must wait for its own fsync before its PD request.
// Usage: fsync_floor [N] (default 2000).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    int n = argc > 1 ? std::atoi(argv[1]) : 2000;
    auto path = std::filesystem::temp_directory_path() / ("medic-fsync-" + std::to_string(::getpid()));
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return std::perror("open"), 1;
    std::vector<char> page(4096, 'x');
    std::vector<double> us;
    us.reserve(size_t(n));
    for (int i = 0; i < n; ++i) {
        auto a = std::chrono::steady_clock::now();
        if (::write(fd, page.data(), page.size()) != ssize_t(page.size()) || ::fdatasync(fd) != 0)
            return std::perror("write/fdatasync"), 1;
        us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - a).count());
    }
    ::close(fd);
    std::filesystem::remove(path);
    std::sort(us.begin(), us.end());
    double mean = 0;
    for (double u : us) mean += u;
    mean /= double(n);
    std::printf("fsync floor (%s, %d x 4 KiB append + fdatasync): p50 %.0f us  p99 %.0f us  mean %.0f us  "
                "-> at most %.0f durable commits/s for one waiting caller\n",
                std::filesystem::temp_directory_path().c_str(), n, us[us.size() / 2], us[us.size() * 99 / 100], mean,
                1e6 / mean);
    return 0;
}
