// engine/pd/pd_json.hpp: parse PD HTTP API bodies into engine/pd/types.hpp
// values, with simdjson On Demand. Accepts both region renderers (indented
// rd.JSON and compact rd.Data), old peer key orders, omitted zero fields,
// uint64 ids above 2^53, ByteSize strings (incl. v3 "10 GiB") and hex keys.
// Unknown fields are ignored. Missing required fields, wrong types, bad
// values and truncated bodies give a PdError (kind Malformed) whose detail
// names the field path and the place in the body:
//   "pd /stores: stores[3].store.state_name: expected string, got number near '5, ...' (byte 812)"
//
// `endpoint` is only used in error messages. Bodies are const std::string&
// so a body with SIMDJSON_PADDING spare capacity is parsed in place.
// No I/O here; thread-safe (one simdjson parser per thread).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pd/result.hpp"
#include "pd/types.hpp"

namespace medic::pd {

/// GET /stores, /stores/check: {"count":N,"stores":[StoreInfo...]}.
Result<std::vector<Store>> parse_stores(const std::string& body, std::string_view endpoint = "/stores");
/// GET /store/{id}: one StoreInfo.
Result<Store> parse_store(const std::string& body, std::string_view endpoint = "/store");

/// GET /region/id/{id}, /region/key/{key}: one RegionInfo. nullopt for PD's
/// "no such region" answers of older versions (200 `null`, or an id-0 region).
Result<std::optional<Region>> parse_region(const std::string& body,
                                           std::string_view endpoint = "/region");
/// GET /regions and every RegionsInfo endpoint, materialized.
Result<std::vector<Region>> parse_regions(const std::string& body,
                                          std::string_view endpoint = "/regions");
/// Streaming form for big bodies: `sink` sees each region (one reused
/// object; copy what you keep). Returns the number of regions seen.
/// Regions with id 0 (sibling placeholders) are skipped.
Result<uint64_t> for_each_region(const std::string& body, std::string_view endpoint,
                                 const std::function<void(const Region&)>& sink);
/// GET /regions/count: {"count":N,...}.
Result<uint64_t> parse_regions_count(const std::string& body,
                                     std::string_view endpoint = "/regions/count");

/// GET /hotspot/regions/write or /read.
Result<HotRegions> parse_hot_regions(const std::string& body, HotKind kind,
                                     std::string_view endpoint = "/hotspot/regions");
/// GET /hotspot/stores.
Result<HotStores> parse_hot_stores(const std::string& body,
                                   std::string_view endpoint = "/hotspot/stores");

/// GET /operators?object.
Result<std::vector<OperatorInfo>> parse_operators(const std::string& body,
                                                  std::string_view endpoint = "/operators");
/// Any JSON array of strings (GET /operators, /schedulers).
Result<std::vector<std::string>> parse_string_list(const std::string& body, std::string_view endpoint);
/// A JSON string body (success bodies of mutations, /operators/{id}).
Result<std::string> parse_json_string(const std::string& body, std::string_view endpoint);

/// GET /config/schedule (also the "schedule" object inside GET /config).
Result<ScheduleConfig> parse_schedule_config(const std::string& body,
                                             std::string_view endpoint = "/config/schedule");
/// GET /config/replicate.
Result<ReplicationConfig> parse_replication_config(const std::string& body,
                                                   std::string_view endpoint = "/config/replicate");

/// GET /health: every member with its health flag.
Result<std::vector<PdMember>> parse_health(const std::string& body, std::string_view endpoint = "/health");
/// GET /leader (also /members' "leader").
Result<PdMember> parse_leader(const std::string& body, std::string_view endpoint = "/leader");
/// GET /members: members plus the leader's name ("" when none).
struct MembersInfo {
    std::vector<PdMember> members;
    std::string leader_name;
};
Result<MembersInfo> parse_members(const std::string& body, std::string_view endpoint = "/members");
/// GET /cluster.
Result<ClusterInfo> parse_cluster(const std::string& body, std::string_view endpoint = "/cluster");

/// The error text of any PD error body shape: a JSON string, an errcode
/// object {"code","msg","data"} (rendered "input: <msg>"), plain text, `{}`
/// or `null` (rendered ""). Never fails; trims the trailing newline.
std::string pd_error_message(const std::string& body);

}  // namespace medic::pd
