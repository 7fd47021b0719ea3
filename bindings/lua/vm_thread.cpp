// bindings/lua/vm_thread.cpp: run_on_vm_thread (vm_thread.hpp).
#include "bindings/lua/vm_thread.hpp"

#include <pthread.h>

#include <exception>
#include <stdexcept>

namespace medic::lua {
namespace {

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

}  // namespace

void run_on_vm_thread(const std::function<void()>& fn) {
    Job job{&fn, nullptr};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, kVmStackBytes);
    pthread_t t;
    int rc = pthread_create(&t, &attr, trampoline, &job);
    pthread_attr_destroy(&attr);
    if (rc != 0) throw std::runtime_error("cannot start the Lua VM thread");
    pthread_join(t, nullptr);
    if (job.error) std::rethrow_exception(job.error);
}

}  // namespace medic::lua
