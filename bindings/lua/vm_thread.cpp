// bindings/lua/vm_thread.cpp: run_on_vm_thread and its watchdog (vm_thread.hpp).
#include "bindings/lua/vm_thread.hpp"

#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace medic::lua {
namespace {

// One VM thread at a time runs slices in practice; the counters are global
// so the hot path (the count hook) is one relaxed increment.
std::atomic<unsigned long> g_beats{0};
std::atomic<int> g_in_slice{0};

struct Job {
    const std::function<void()>* fn;
    std::exception_ptr error;
};

void* trampoline(void* p) {
    auto* job = static_cast<Job*>(p);
    try {
        (*job->fn)();
    } catch (...) {
        job->error = std::current_exception();
    }
    return nullptr;
}

double watchdog_limit_s() {
    const char* env = std::getenv("MEDIC_VM_WATCHDOG_S");
    double v = env ? std::atof(env) : 0;
    return v > 0 ? v : kWatchdogCpuS;
}

double thread_cpu_s(clockid_t clock) {
    timespec ts;
    if (clock_gettime(clock, &ts) != 0) return 0;
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

/// Polls the VM thread until `done`: CPU burnt inside a slice with no beat
/// accumulates; a beat or the end of the slice resets it.
class Watchdog {
public:
    explicit Watchdog(pthread_t vm) : limit_s_(watchdog_limit_s()) {
        if (pthread_getcpuclockid(vm, &clock_) != 0) return;
        thread_ = std::thread([this] { loop(); });
    }
    ~Watchdog() {
        {
            std::lock_guard lock(mu_);
            done_ = true;
        }
        cv_.notify_all();
        if (thread_.joinable()) thread_.join();
    }

private:
    void loop() {
        unsigned long last_beats = g_beats.load();
        double last_cpu = thread_cpu_s(clock_), silent_cpu = 0;
        std::unique_lock lock(mu_);
        while (!cv_.wait_for(lock, std::chrono::milliseconds(100), [this] { return done_; })) {
            unsigned long beats = g_beats.load(std::memory_order_relaxed);
            double cpu = thread_cpu_s(clock_);
            bool silent = g_in_slice.load(std::memory_order_relaxed) > 0 && beats == last_beats;
            silent_cpu = silent ? silent_cpu + (cpu - last_cpu) : 0;
            last_beats = beats;
            last_cpu = cpu;
            if (silent_cpu > limit_s_) {
                std::fprintf(stderr,
                             "medic: a runbook ran %.0f s of CPU inside one call that no limit check reaches "
                             "(stuck in a C function); stopping the process\n",
                             silent_cpu);
                std::fflush(stderr);
                _exit(kWatchdogExitCode);
            }
        }
    }

    double limit_s_;
    clockid_t clock_{};
    std::mutex mu_;
    std::condition_variable cv_;
    bool done_ = false;
    std::thread thread_;
};

}  // namespace

void vm_slice_begin() { g_in_slice.fetch_add(1, std::memory_order_relaxed); }
void vm_slice_end() { g_in_slice.fetch_sub(1, std::memory_order_relaxed); }
void vm_heartbeat() { g_beats.fetch_add(1, std::memory_order_relaxed); }

void run_on_vm_thread(const std::function<void()>& fn) {
    Job job{&fn, nullptr};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, kVmStackBytes);
    pthread_t t;
    int rc = pthread_create(&t, &attr, trampoline, &job);
    pthread_attr_destroy(&attr);
    if (rc != 0) throw std::runtime_error("cannot start the Lua VM thread");
    {
        Watchdog dog(t);
        pthread_join(t, nullptr);
    }
    if (job.error) std::rethrow_exception(job.error);
}

}  // namespace medic::lua
