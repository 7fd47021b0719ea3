// engine/actions/notify.hpp: the `notify` action's webhook POST, in three
// payload formats: a generic JSON webhook, a Slack incoming-webhook message
// and a PagerDuty Events API v2 trigger event. The target comes from the
// settings table (notify.url, notify.format, notify.routing_key); the URL and
// routing key are secrets and never reach the audit log in clear
// (store::redact_secrets).
#pragma once

#include "store/database.hpp"

#include <string>

namespace medic::actions {

struct NotifyTarget {
    std::string url;
    std::string format = "webhook";  ///< webhook | slack | pagerduty
    std::string routing_key;         ///< PagerDuty integration key
};

NotifyTarget load_notify_target(store::Database& db);

/// The JSON body for `format`.
std::string notify_payload(const NotifyTarget& t, const std::string& message, const std::string& severity,
                           const std::string& subject);

struct NotifyResult {
    int status = 0;
    std::string error;  ///< transport error or configuration problem
};

/// POST the payload (5 s timeout).
NotifyResult send_notification(const NotifyTarget& t, const std::string& message, const std::string& severity,
                               const std::string& subject);

}  // namespace medic::actions
