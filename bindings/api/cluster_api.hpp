// bindings/api/cluster_api.hpp: ClusterLiveReads, the optional capability a
// host's RunServices offers when it can ask PD directly for what no snapshot
// holds: the operators PD is running right now. cluster.operators() and
// cluster.has_operator() find it with a dynamic_cast on the run's services,
// so a host that cannot reach PD (unit tests, a bare scheduler) answers them
// with a clear E_MODE error instead of a wrong empty list.
#pragma once

#include <vector>

#include "pd/types.hpp"

namespace medic::api {

class ClusterLiveReads {
public:
    virtual ~ClusterLiveReads() = default;
    /// PD's pending and running operators (GET /operators). Throws
    /// HostError E_PD with PD's answer when PD cannot be read.
    virtual std::vector<pd::OperatorInfo> pd_operators() = 0;
};

}  // namespace medic::api
