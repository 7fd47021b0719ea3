// engine/actions/notify.cpp: webhook payloads and the POST (notify.hpp).
#include "actions/notify.hpp"

#include "actions/params.hpp"
#include "store/settings_store.hpp"

#include <curl/curl.h>

namespace medic::actions {

NotifyTarget load_notify_target(store::Database& db) {
    NotifyTarget t;
    t.url = store::get_setting(db, "notify.url").value_or("");
    t.format = store::get_setting(db, "notify.format").value_or("webhook");
    t.routing_key = store::get_setting(db, "notify.routing_key").value_or("");
    return t;
}

std::string notify_payload(const NotifyTarget& t, const std::string& message, const std::string& severity,
                           const std::string& subject) {
    std::string m = json_escape(message), s = json_escape(severity), subj = json_escape(subject);
    if (t.format == "slack")
        return "{\"text\":\"[medic] *" + s + "*: " + m + " (" + subj + ")\"}";
    if (t.format == "pagerduty")
        return "{\"routing_key\":\"" + json_escape(t.routing_key) +
               "\",\"event_action\":\"trigger\",\"dedup_key\":\"medic-" + subj + "\",\"payload\":{\"summary\":\"" + m +
               "\",\"source\":\"medic\",\"severity\":\"" + s + "\",\"component\":\"tikv\",\"custom_details\":{\"subject\":\"" +
               subj + "\"}}}";
    return "{\"source\":\"medic\",\"severity\":\"" + s + "\",\"message\":\"" + m + "\",\"subject\":\"" + subj + "\"}";
}

namespace {

size_t discard(char*, size_t size, size_t n, void*) { return size * n; }

}  // namespace

NotifyResult send_notification(const NotifyTarget& t, const std::string& message, const std::string& severity,
                               const std::string& subject) {
    NotifyResult r;
    if (t.url.empty()) return r.error = "no webhook configured (setting notify.url)", r;
    if (t.url.rfind("http://", 0) != 0 && t.url.rfind("https://", 0) != 0)
        return r.error = "notify.url must start with http:// or https://", r;
    if (t.format != "webhook" && t.format != "slack" && t.format != "pagerduty")
        return r.error = "notify.format must be webhook, slack or pagerduty, got '" + t.format + "'", r;
    if (t.format == "pagerduty" && t.routing_key.empty())
        return r.error = "PagerDuty needs setting notify.routing_key", r;
    std::string body = notify_payload(t, message, severity, subject);
    CURL* h = curl_easy_init();
    if (!h) return r.error = "curl_easy_init failed", r;
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(h, CURLOPT_URL, t.url.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, long(body.size()));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 2000L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        r.error = std::string("webhook POST failed: ") + curl_easy_strerror(rc);
    } else {
        long code = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
        r.status = int(code);
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    return r;
}

}  // namespace medic::actions
