// gui/snapshot_source.hpp: the hand-over point between the engine bridge
// thread (publish) and the GUI thread (latest). The lock is held only to
// swap a shared_ptr, so the GUI never waits for engine work.
#pragma once

#include <memory>
#include <mutex>

#include "ui_snapshot.hpp"

namespace medic::gui {

class SnapshotSource {
public:
    SnapshotSource() : latest_(std::make_shared<const UiSnapshot>()) {}

    void publish(std::shared_ptr<const UiSnapshot> snap) {
        std::lock_guard lock(mu_);
        latest_ = std::move(snap);
    }

    std::shared_ptr<const UiSnapshot> latest() const {
        std::lock_guard lock(mu_);
        return latest_;
    }

private:
    mutable std::mutex mu_;
    std::shared_ptr<const UiSnapshot> latest_;
};

}  // namespace medic::gui
