// engine/pd/scan_pipe.cpp: ScanPipe (see scan_pipe.hpp).
#include "pd/scan_pipe.hpp"

#include <utility>

namespace medic::pd::detail {

void ScanPipe::push(Item&& it) {
    std::unique_lock<std::mutex> lk(mu_);
    if (it.kind == Kind::Data) {
        // Wait for room, unless the parse side has stopped this attempt
        // (then nothing more of it is wanted) — it never waits on us here.
        cv_.wait(lk, [&] { return queued_ < max_queued_ || stopped_attempt_ == attempt_; });
        if (stopped_attempt_ == attempt_) {
            spare_.push_back(std::move(it.data));
            return;
        }
        queued_ += it.data.size();
    }
    q_.push_back(std::move(it));
    cv_.notify_all();
}

void ScanPipe::flush_chunk() {
    if (chunk_.empty()) return;
    Item it;
    it.data.swap(chunk_);
    {
        std::lock_guard<std::mutex> lk(mu_);
        if (!spare_.empty()) {
            chunk_.swap(spare_.back());
            spare_.pop_back();
        }
    }
    chunk_.clear();
    push(std::move(it));
}

void ScanPipe::begin() {
    chunk_.clear();
    {
        std::lock_guard<std::mutex> lk(mu_);
        ++attempt_;
        answer_.reset();
    }
    push(Item{Kind::Begin, {}});
}

bool ScanPipe::write(const char* data, size_t n) {
    {
        std::lock_guard<std::mutex> lk(mu_);
        if (stopped_attempt_ == attempt_) return false;
    }
    if (chunk_.capacity() < kChunk) chunk_.reserve(kChunk);
    while (n > 0) {
        size_t take = std::min(n, kChunk - chunk_.size());
        chunk_.append(data, take);
        data += take;
        n -= take;
        if (chunk_.size() == kChunk) flush_chunk();
    }
    std::lock_guard<std::mutex> lk(mu_);
    return stopped_attempt_ != attempt_;
}

Result<uint64_t> ScanPipe::end() {
    flush_chunk();
    push(Item{Kind::End, {}});
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [&] { return answer_.has_value(); });
    Result<uint64_t> r = std::move(*answer_);
    answer_.reset();
    return r;
}

PdError ScanPipe::stop_error() {
    std::lock_guard<std::mutex> lk(mu_);
    return stop_why_ ? *stop_why_ : PdError{};
}

void ScanPipe::close(Result<uint64_t> final) {
    std::lock_guard<std::mutex> lk(mu_);
    closed_ = std::move(final);
    q_.push_back(Item{Kind::Closed, {}});
    cv_.notify_all();
}

ScanPipe::Item ScanPipe::pop() {
    std::unique_lock<std::mutex> lk(mu_);
    cv_.wait(lk, [&] { return !q_.empty(); });
    Item it = std::move(q_.front());
    q_.pop_front();
    if (it.kind == Kind::Data) queued_ -= it.data.size();
    if (it.kind == Kind::Begin) ++parse_attempt_;
    cv_.notify_all();
    return it;
}

void ScanPipe::recycle(std::string&& buf) {
    std::lock_guard<std::mutex> lk(mu_);
    if (spare_.size() < 4) spare_.push_back(std::move(buf));
}

void ScanPipe::stop(PdError why) {
    std::lock_guard<std::mutex> lk(mu_);
    stopped_attempt_ = parse_attempt_;
    stop_why_ = std::move(why);
    // Drop what is queued of this attempt: the download side may be waiting for room.
    for (auto it = q_.begin(); it != q_.end();) {
        if (it->kind == Kind::Data) {
            queued_ -= it->data.size();
            it = q_.erase(it);
        } else {
            break;  // an End or Begin: what follows is not ours to drop
        }
    }
    cv_.notify_all();
}

void ScanPipe::answer(Result<uint64_t> r) {
    std::lock_guard<std::mutex> lk(mu_);
    answer_ = std::move(r);
    cv_.notify_all();
}

Result<uint64_t> ScanPipe::closed_result() {
    std::lock_guard<std::mutex> lk(mu_);
    return closed_ ? *closed_ : Result<uint64_t>(PdError{});
}

}  // namespace medic::pd::detail
