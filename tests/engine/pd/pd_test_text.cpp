// tests/engine/pd/pd_test_text.cpp: see pd_test_text.hpp.
#include "pd_test_text.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace medic::test {

std::string pd_fixture(const std::string& name) {
    std::string path = std::string(MEDIC_PD_FIXTURES) + "/" + name;
    std::ifstream in(path, std::ios::binary);
    if (!in.good()) throw std::runtime_error("cannot read fixture " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string describe_region(const pd::Region& r) {
    std::ostringstream o;
    o << r.id << " [" << r.start_key.size() << ":" << r.start_key << "," << r.end_key << ") " << r.conf_ver << "/"
      << r.version << " leader " << r.leader.id << "@" << r.leader.store_id << ":" << int(r.leader.role)
      << (r.leader.is_witness ? "w" : "") << " peers";
    for (const auto& p : r.peers) o << " " << p.id << "@" << p.store_id << ":" << int(p.role) << (p.is_witness ? "w" : "");
    o << " down";
    for (const auto& d : r.down_peers)
        o << " " << d.peer.id << "@" << d.peer.store_id << ":" << int(d.peer.role) << "/" << d.down_seconds;
    o << " pending";
    for (const auto& p : r.pending_peers) o << " " << p.id << "@" << p.store_id << ":" << int(p.role);
    o << " flow " << r.written_bytes << " " << r.read_bytes << " " << r.written_keys << " " << r.read_keys << " "
      << r.cpu_usage << " size " << r.approximate_size_mib << " " << r.approximate_keys << " "
      << r.approximate_kv_size_mib << "\n";
    return o.str();
}

}  // namespace medic::test
