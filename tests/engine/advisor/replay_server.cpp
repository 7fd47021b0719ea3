// tests/engine/advisor/replay_server.cpp: cpp-httplib loopback replay of
// recorded LLM exchanges.
#include "replay_server.hpp"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "engine/advisor/json/json_value.hpp"

namespace medic::test {
namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

bool hop_by_hop(const std::string& name) {
    return name == "content-length" || name == "transfer-encoding" || name == "connection" ||
           name == "content-encoding" || name == "content-type";
}

advisor::json::Value load_json(const std::string& name) {
    auto doc = advisor::json::parse(read_example_file(name));
    if (!doc.ok()) throw std::runtime_error(name + ": " + doc.error().message + " at " + doc.error().path);
    return std::move(doc).value();
}

}  // namespace

std::string RecordedRequest::header(const std::string& name) const {
    for (const auto& [k, v] : headers)
        if (k == lower(name)) return v;
    return {};
}

std::string examples_dir() { return MEDIC_LLM_EXAMPLES_DIR; }

std::string read_example_file(const std::string& name) {
    std::ifstream in(examples_dir() + "/" + name, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open example " + examples_dir() + "/" + name);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

ReplayResponse load_example(const std::string& name) {
    advisor::json::Value doc = load_json(name);
    const auto* resp = doc.find("response");
    if (!resp || !resp->is_object()) throw std::runtime_error(name + ": no response");
    ReplayResponse r;
    r.status = int(resp->find("status")->int64().value_or(0));
    if (const auto* h = resp->find("headers"); h && h->is_object())
        for (const auto& [k, v] : h->members) r.headers.emplace_back(lower(k), v.text);
    if (const auto* b = resp->find("body")) r.body = advisor::json::serialize(*b);
    else if (const auto* t = resp->find("body_text")) r.body = t->text;
    else if (const auto* f = resp->find("body_sse_file")) r.body = read_example_file(f->text);
    return r;
}

std::string example_request_body(const std::string& name) {
    advisor::json::Value doc = load_json(name);
    const auto* req = doc.find("request");
    if (!req || !req->is_object()) return {};
    const auto* body = req->find("body");
    return body ? advisor::json::serialize(*body) : std::string{};
}

struct ReplayServer::Impl {
    httplib::Server svr;
    int port = 0;
    std::thread thread;
    mutable std::mutex mu;
    std::deque<ReplayResponse> queue;
    std::vector<RecordedRequest> seen;

    void handle(const httplib::Request& req, httplib::Response& res);
};

void ReplayServer::Impl::handle(const httplib::Request& req, httplib::Response& res) {
    ReplayResponse r;
    {
        std::lock_guard<std::mutex> lock(mu);
        RecordedRequest rec{req.method, req.path, req.body, {}};
        for (const auto& [k, v] : req.headers) rec.headers.emplace_back(lower(k), v);
        seen.push_back(std::move(rec));
        if (queue.empty()) {
            res.status = 599;
            res.set_content("replay queue empty", "text/plain");
            return;
        }
        r = std::move(queue.front());
        queue.pop_front();
    }
    res.status = r.status;
    std::string content_type = "application/octet-stream";
    for (const auto& [k, v] : r.headers) {
        if (k == "content-type") content_type = v;
        if (!hop_by_hop(k)) res.set_header(k.c_str(), v);
    }
    if (r.chunk_size == 0 && r.cut_after == std::string::npos) {
        res.set_content(r.body, content_type.c_str());
        return;
    }
    size_t chunk = r.chunk_size ? r.chunk_size : r.body.size();
    auto body = std::make_shared<std::string>(std::move(r.body));
    size_t cut = r.cut_after;
    res.set_chunked_content_provider(content_type.c_str(), [body, chunk, cut](size_t offset, httplib::DataSink& sink) {
        if (offset >= cut) return false;  // simulate a dropped connection
        if (offset >= body->size()) {
            sink.done();
            return true;
        }
        size_t n = std::min({chunk, body->size() - offset, cut - offset});
        sink.write(body->data() + offset, n);
        return true;
    });
}

ReplayServer::ReplayServer() : impl_(std::make_unique<Impl>()) {
    impl_->svr.Post(".*", [this](const httplib::Request& q, httplib::Response& s) { impl_->handle(q, s); });
    impl_->port = impl_->svr.bind_to_any_port("127.0.0.1");
    if (impl_->port <= 0) throw std::runtime_error("replay server: cannot bind a loopback port");
    impl_->thread = std::thread([this] { impl_->svr.listen_after_bind(); });
    while (!impl_->svr.is_running()) std::this_thread::yield();
}

ReplayServer::~ReplayServer() {
    impl_->svr.stop();
    if (impl_->thread.joinable()) impl_->thread.join();
}

void ReplayServer::enqueue(ReplayResponse r) {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->queue.push_back(std::move(r));
}

std::string ReplayServer::url() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }

std::vector<RecordedRequest> ReplayServer::requests() const {
    std::lock_guard<std::mutex> lock(impl_->mu);
    return impl_->seen;
}

}  // namespace medic::test
