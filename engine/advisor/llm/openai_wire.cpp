// engine/advisor/llm/openai_wire.cpp: OpenAI-compatible Chat Completions
// (OpenAI, llama.cpp, Ollama /v1, vLLM): request building, response and SSE
// stream decoding, with the compat quirks of README §1, §3 and §5.
#include <map>
#include <optional>

#include "../text_sanitize.hpp"
#include "wire.hpp"

namespace medic::advisor::llm {
namespace {

using json::Value;

json::ParseOptions envelope_opts() {
    json::ParseOptions o;
    o.reject_duplicate_keys = false;  // provider envelope; the model's own JSON is parsed strictly later
    return o;
}

std::string text_of(const Value* v) {
    if (!v) return {};
    if (v->is_string()) return v->text;
    std::string out;  // some servers send content as an array of {type:"text", text}
    if (v->is_array())
        for (const auto& part : v->items)
            if (const Value* t = part.find("text"); t && t->is_string()) out += t->text;
    return out;
}

/// Reads one tool_calls[] entry's function arguments: a JSON string (the
/// spec) or an object (some compat servers).
void read_arguments(const Value* args, ToolCall& tc) {
    if (!args || args->is_null()) return;
    if (args->is_string()) {
        tc.arguments += args->text;
    } else {
        tc.arguments += json::serialize(*args);
        tc.arguments_was_object = true;
    }
}

void apply_finish(const std::string& finish, LlmReply& r) {
    r.finish_reason = finish;
    if (finish == "length" || finish == "max_tokens" || finish == "model_context_window_exceeded") r.truncated = true;
    if (finish == "content_filter") {
        r.refused = true;
        if (r.refusal.empty()) r.refusal = "content_filter";
    }
}

void read_usage(const Value* u, LlmReply& r) {
    if (!u || !u->is_object()) return;
    if (auto v = u->find("prompt_tokens"); v && v->int64()) r.input_tokens = *v->int64();
    if (auto v = u->find("completion_tokens"); v && v->int64()) r.output_tokens = *v->int64();
}

Expected<LlmReply, LlmError> decode_message(const Value& doc) {
    LlmReply r;
    if (auto v = doc.find("model"); v && v->is_string()) r.model = sanitize_text(v->text, 120);
    if (auto v = doc.find("id"); v && v->is_string()) r.response_id = sanitize_text(v->text, 120);
    read_usage(doc.find("usage"), r);
    const Value* msg = nullptr;
    const Value* choices = doc.find("choices");
    if (choices && choices->is_array() && !choices->items.empty()) {
        const Value& c0 = choices->items.front();
        msg = c0.find("message");
        if (auto f = c0.find("finish_reason"); f && f->is_string()) apply_finish(f->text, r);
    } else if (doc.find("message")) {  // Ollama native /api/chat shape
        msg = doc.find("message");
        if (auto f = doc.find("done_reason"); f && f->is_string()) apply_finish(f->text, r);
    }
    if (!msg || !msg->is_object()) return malformed("chat completion without choices[0].message");
    r.text = text_of(msg->find("content"));
    if (auto rf = msg->find("refusal"); rf && rf->is_string() && !rf->text.empty()) {
        r.refused = true;
        r.refusal = rf->text;
    }
    if (auto tcs = msg->find("tool_calls"); tcs && tcs->is_array()) {
        for (const auto& t : tcs->items) {
            ToolCall tc;
            if (auto id = t.find("id"); id && id->is_string()) tc.id = id->text;
            const Value* fn = t.find("function");
            if (fn) {
                if (auto n = fn->find("name"); n && n->is_string()) tc.name = n->text;
                read_arguments(fn->find("arguments"), tc);
            }
            r.tool_calls.push_back(std::move(tc));
        }
    }
    return r;
}

class OpenAiStream final : public StreamDecoder {
public:
    void on_event(const SseEvent& ev) override {
        if (error_) return;
        if (!ev.error_field.empty()) {  // older llama.cpp: non-standard "error:" line
            error_ = classify_stream_error(ev.error_field);
            return;
        }
        if (ev.data == "[DONE]") {
            done_ = true;
            return;
        }
        auto doc = json::parse(ev.data, envelope_opts());
        if (!doc.ok() || !doc->is_object()) {
            error_ = malformed("stream chunk is not a JSON object: " + (doc.ok() ? "" : doc.error().message));
            return;
        }
        if (doc->find("error")) {
            error_ = classify_stream_error(ev.data);
            return;
        }
        chunk(doc.value());
    }
    bool failed() const override { return error_.has_value(); }
    Expected<LlmReply, LlmError> finish() override;

private:
    void chunk(const Value& doc);
    void tool_delta(const Value& t);

    LlmReply reply_;
    std::map<int64_t, size_t> slot_;  // delta index -> position in reply_.tool_calls
    bool saw_finish_ = false;
    bool done_ = false;
    std::optional<LlmError> error_;
};

void OpenAiStream::tool_delta(const Value& t) {
    int64_t index = 0;
    if (auto i = t.find("index"); i && i->int64()) index = *i->int64();
    std::string id;
    if (auto v = t.find("id"); v && v->is_string()) id = v->text;
    auto it = slot_.find(index);
    // Some Ollama-compatible servers reuse index 0 for parallel calls: a new id means a new call.
    if (it == slot_.end() || (!id.empty() && !reply_.tool_calls[it->second].id.empty() &&
                              reply_.tool_calls[it->second].id != id)) {
        reply_.tool_calls.emplace_back();
        slot_[index] = reply_.tool_calls.size() - 1;
        it = slot_.find(index);
    }
    ToolCall& tc = reply_.tool_calls[it->second];
    if (!id.empty()) tc.id = id;
    if (const Value* fn = t.find("function")) {
        if (auto n = fn->find("name"); n && n->is_string() && !n->text.empty()) tc.name = n->text;
        read_arguments(fn->find("arguments"), tc);
    }
}

void OpenAiStream::chunk(const Value& doc) {
    if (auto v = doc.find("model"); v && v->is_string()) reply_.model = sanitize_text(v->text, 120);
    if (auto v = doc.find("id"); v && v->is_string()) reply_.response_id = sanitize_text(v->text, 120);
    read_usage(doc.find("usage"), reply_);
    const Value* choices = doc.find("choices");
    if (!choices || !choices->is_array()) return;
    for (const auto& c : choices->items) {
        if (const Value* d = c.find("delta"); d && d->is_object()) {
            reply_.text += text_of(d->find("content"));
            if (auto rf = d->find("refusal"); rf && rf->is_string()) reply_.refusal += rf->text;
            if (auto tcs = d->find("tool_calls"); tcs && tcs->is_array())
                for (const auto& t : tcs->items) tool_delta(t);
        }
        if (auto f = c.find("finish_reason"); f && f->is_string()) {
            saw_finish_ = true;
            apply_finish(f->text, reply_);
        }
    }
}

Expected<LlmReply, LlmError> OpenAiStream::finish() {
    if (error_) return *error_;
    if (!saw_finish_ || !done_) {
        LlmError e;
        e.kind = LlmErrorKind::StreamIncomplete;
        e.retryable = true;
        e.message = !saw_finish_ ? "stream ended without a finish_reason" : "stream ended without [DONE]";
        return e;
    }
    if (!reply_.refusal.empty()) reply_.refused = true;
    reply_.streamed = true;
    return reply_;
}

class OpenAiWire final : public WireFormat {
public:
    std::string url(std::string_view base) const override { return join_url(base, "/v1/chat/completions"); }
    Headers headers(const std::string& key) const override {
        Headers h{{"Content-Type", "application/json"}, {"Accept", "application/json, text/event-stream"}};
        if (!key.empty()) h.emplace_back("Authorization", "Bearer " + key);
        return h;
    }
    std::string body(const LlmConfig& cfg, const LlmPrompt& p) const override;
    Expected<LlmReply, LlmError> decode(std::string_view body) const override {
        auto doc = json::parse(body, envelope_opts());
        if (!doc.ok()) return malformed("response is not JSON: " + doc.error().message);
        if (!doc->is_object()) return malformed("response is not a JSON object");
        if (doc->find("error") && !doc->find("choices")) return classify_stream_error(body);
        return decode_message(doc.value());
    }
    std::unique_ptr<StreamDecoder> stream_decoder() const override { return std::make_unique<OpenAiStream>(); }
};

std::string OpenAiWire::body(const LlmConfig& cfg, const LlmPrompt& p) const {
    Value b = Value::make_object();
    b.set("model", Value::make_string(cfg.model));
    Value& msgs = b.set("messages", Value::make_array());
    Value sys = Value::make_object();
    sys.set("role", Value::make_string("system"));
    sys.set("content", Value::make_string(p.system));
    msgs.push(std::move(sys));
    Value user = Value::make_object();
    user.set("role", Value::make_string("user"));
    user.set("content", Value::make_string(p.user));
    msgs.push(std::move(user));
    if (cfg.mode == OutputMode::Tool) {
        Value fn = Value::make_object();
        fn.set("name", Value::make_string(p.tool_name));
        fn.set("description", Value::make_string(p.tool_description));
        fn.set("parameters", p.proposal_schema);
        if (cfg.strict) fn.set("strict", Value::make_bool(true));
        Value tool = Value::make_object();
        tool.set("type", Value::make_string("function"));
        tool.set("function", std::move(fn));
        b.set("tools", Value::make_array()).push(std::move(tool));
        Value choice = Value::make_object();
        choice.set("type", Value::make_string("function"));
        choice.set("function", Value::make_object()).set("name", Value::make_string(p.tool_name));
        b.set("tool_choice", std::move(choice));
        b.set("parallel_tool_calls", Value::make_bool(false));
    } else {
        Value js = Value::make_object();
        js.set("name", Value::make_string(p.tool_name));
        js.set("schema", p.proposal_schema);
        if (cfg.strict) js.set("strict", Value::make_bool(true));
        Value rf = Value::make_object();
        rf.set("type", Value::make_string("json_schema"));
        rf.set("json_schema", std::move(js));
        b.set("response_format", std::move(rf));
    }
    b.set("temperature", Value::make_int(0));
    b.set(cfg.legacy_max_tokens ? "max_tokens" : "max_completion_tokens", Value::make_int(cfg.max_output_tokens));
    if (cfg.stream) {
        b.set("stream", Value::make_bool(true));
        b.set("stream_options", Value::make_object()).set("include_usage", Value::make_bool(true));
    }
    return json::serialize(b);
}

}  // namespace

std::unique_ptr<WireFormat> make_openai_wire() { return std::make_unique<OpenAiWire>(); }

}  // namespace medic::advisor::llm
