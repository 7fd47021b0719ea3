// engine/advisor/llm/anthropic_wire.cpp: Anthropic Messages — request
// building, response decoding and SSE stream decoding (README §2, §3).
#include <map>
#include <optional>

#include "../text_sanitize.hpp"
#include "wire.hpp"

namespace medic::advisor::llm {
namespace {

using json::Value;

json::ParseOptions envelope_opts() {
    json::ParseOptions o;
    o.reject_duplicate_keys = false;
    return o;
}

void apply_stop(const Value* stop_reason, const Value* stop_details, LlmReply& r) {
    if (!stop_reason || !stop_reason->is_string()) return;
    r.finish_reason = stop_reason->text;
    if (r.finish_reason == "max_tokens" || r.finish_reason == "model_context_window_exceeded") r.truncated = true;
    if (r.finish_reason == "refusal") {
        r.refused = true;
        r.refusal = "refusal";
        if (stop_details && stop_details->is_object()) {
            std::string cat, expl;
            if (auto c = stop_details->find("category"); c && c->is_string()) cat = c->text;
            if (auto e = stop_details->find("explanation"); e && e->is_string()) expl = e->text;
            r.refusal = cat.empty() ? expl : cat + ": " + expl;
        }
    }
}

void read_usage(const Value* u, LlmReply& r) {
    if (!u || !u->is_object()) return;
    if (auto v = u->find("input_tokens"); v && v->int64()) r.input_tokens = *v->int64();
    if (auto v = u->find("output_tokens"); v && v->int64()) r.output_tokens = *v->int64();  // cumulative
}

void read_message_meta(const Value& m, LlmReply& r) {
    if (auto v = m.find("model"); v && v->is_string()) r.model = sanitize_text(v->text, 120);
    if (auto v = m.find("id"); v && v->is_string()) r.response_id = sanitize_text(v->text, 120);
    read_usage(m.find("usage"), r);
}

/// One content block of a complete message; unknown block types are skipped.
void read_block(const Value& b, LlmReply& r) {
    const Value* type = b.find("type");
    if (!type || !type->is_string()) return;
    if (type->text == "text") {
        if (auto t = b.find("text"); t && t->is_string()) r.text += t->text;
    } else if (type->text == "tool_use") {
        ToolCall tc;
        if (auto id = b.find("id"); id && id->is_string()) tc.id = id->text;
        if (auto n = b.find("name"); n && n->is_string()) tc.name = n->text;
        const Value* in = b.find("input");
        tc.arguments = in ? json::serialize(*in) : "{}";
        tc.arguments_was_object = in && in->is_object();
        r.tool_calls.push_back(std::move(tc));
    }
}

struct Block {
    std::string type;
    ToolCall call;
    std::string text;
    bool stopped = false;
};

class AnthropicStream final : public StreamDecoder {
public:
    void on_event(const SseEvent& ev) override;
    bool failed() const override { return error_.has_value(); }
    Expected<LlmReply, LlmError> finish() override;

private:
    void block_start(const Value& d);
    void block_delta(const Value& d);

    LlmReply reply_;
    std::map<int64_t, Block> blocks_;
    bool stopped_ = false;
    std::optional<LlmError> error_;
};

int64_t index_of(const Value& d) {
    auto i = d.find("index");
    return i && i->int64() ? *i->int64() : -1;
}

void AnthropicStream::on_event(const SseEvent& ev) {
    if (error_) return;
    if (ev.event == "error" || !ev.error_field.empty()) {
        error_ = classify_stream_error(ev.error_field.empty() ? ev.data : ev.error_field);
        return;
    }
    auto doc = json::parse(ev.data, envelope_opts());
    if (!doc.ok() || !doc->is_object()) {
        error_ = malformed("stream event is not a JSON object: " + (doc.ok() ? "" : doc.error().message));
        return;
    }
    const Value& d = doc.value();
    const Value* type = d.find("type");
    std::string t = type && type->is_string() ? type->text : ev.event;
    if (t == "error") {
        error_ = classify_stream_error(ev.data);
    } else if (t == "message_start") {
        if (auto m = d.find("message"); m && m->is_object()) read_message_meta(*m, reply_);
    } else if (t == "content_block_start") {
        block_start(d);
    } else if (t == "content_block_delta") {
        block_delta(d);
    } else if (t == "content_block_stop") {
        if (auto it = blocks_.find(index_of(d)); it != blocks_.end()) it->second.stopped = true;
    } else if (t == "message_delta") {
        if (auto delta = d.find("delta"); delta && delta->is_object())
            apply_stop(delta->find("stop_reason"), delta->find("stop_details"), reply_);
        read_usage(d.find("usage"), reply_);
    } else if (t == "message_stop") {
        stopped_ = true;
    }
    // ping and unknown events: ignored.
}

void AnthropicStream::block_start(const Value& d) {
    const Value* cb = d.find("content_block");
    if (!cb || !cb->is_object()) return;
    Block b;
    if (auto ty = cb->find("type"); ty && ty->is_string()) b.type = ty->text;
    if (auto id = cb->find("id"); id && id->is_string()) b.call.id = id->text;
    if (auto n = cb->find("name"); n && n->is_string()) b.call.name = n->text;
    if (auto tx = cb->find("text"); tx && tx->is_string()) b.text = tx->text;
    blocks_[index_of(d)] = std::move(b);
}

void AnthropicStream::block_delta(const Value& d) {
    auto it = blocks_.find(index_of(d));
    const Value* delta = d.find("delta");
    if (it == blocks_.end() || !delta || !delta->is_object()) return;
    const Value* dt = delta->find("type");
    if (!dt || !dt->is_string()) return;
    if (dt->text == "text_delta") {
        if (auto tx = delta->find("text"); tx && tx->is_string()) it->second.text += tx->text;
    } else if (dt->text == "input_json_delta") {
        if (auto pj = delta->find("partial_json"); pj && pj->is_string()) it->second.call.arguments += pj->text;
    }
}

Expected<LlmReply, LlmError> AnthropicStream::finish() {
    if (error_) return *error_;
    if (!stopped_) {
        LlmError e;
        e.kind = LlmErrorKind::StreamIncomplete;
        e.retryable = true;
        e.message = "stream ended without message_stop";
        return e;
    }
    for (auto& [idx, b] : blocks_) {
        if (b.type == "text") reply_.text += b.text;
        if (b.type != "tool_use") continue;
        b.call.complete = b.stopped;
        b.call.arguments_was_object = true;  // Anthropic input is always an object on the wire
        if (b.call.arguments.empty()) b.call.arguments = "{}";
        reply_.tool_calls.push_back(std::move(b.call));
    }
    reply_.streamed = true;
    return reply_;
}

class AnthropicWire final : public WireFormat {
public:
    std::string url(std::string_view base) const override { return join_url(base, "/v1/messages"); }
    Headers headers(const std::string& key) const override {
        Headers h{{"content-type", "application/json"}, {"anthropic-version", "2023-06-01"}};
        if (!key.empty()) h.emplace_back("x-api-key", key);
        return h;
    }
    std::string body(const LlmConfig& cfg, const LlmPrompt& p) const override;
    Expected<LlmReply, LlmError> decode(std::string_view body) const override {
        auto doc = json::parse(body, envelope_opts());
        if (!doc.ok()) return malformed("response is not JSON: " + doc.error().message);
        const Value& d = doc.value();
        if (!d.is_object()) return malformed("response is not a JSON object");
        if (auto t = d.find("type"); t && t->is_string() && t->text == "error") return classify_stream_error(body);
        const Value* content = d.find("content");
        if (!content || !content->is_array()) return malformed("message without a content array");
        LlmReply r;
        read_message_meta(d, r);
        for (const auto& b : content->items) read_block(b, r);
        apply_stop(d.find("stop_reason"), d.find("stop_details"), r);
        return r;
    }
    std::unique_ptr<StreamDecoder> stream_decoder() const override { return std::make_unique<AnthropicStream>(); }
};

std::string AnthropicWire::body(const LlmConfig& cfg, const LlmPrompt& p) const {
    Value b = Value::make_object();
    b.set("model", Value::make_string(cfg.model));
    b.set("max_tokens", Value::make_int(cfg.max_output_tokens));
    b.set("temperature", Value::make_int(0));
    b.set("system", Value::make_string(p.system));
    Value user = Value::make_object();
    user.set("role", Value::make_string("user"));
    user.set("content", Value::make_string(p.user));
    b.set("messages", Value::make_array()).push(std::move(user));
    if (cfg.mode == OutputMode::Tool) {
        Value tool = Value::make_object();
        tool.set("name", Value::make_string(p.tool_name));
        tool.set("description", Value::make_string(p.tool_description));
        tool.set("input_schema", p.proposal_schema);
        if (cfg.strict) tool.set("strict", Value::make_bool(true));
        b.set("tools", Value::make_array()).push(std::move(tool));
        Value choice = Value::make_object();
        choice.set("type", Value::make_string("tool"));
        choice.set("name", Value::make_string(p.tool_name));
        choice.set("disable_parallel_tool_use", Value::make_bool(true));
        b.set("tool_choice", std::move(choice));
    } else {
        Value fmt = Value::make_object();
        fmt.set("type", Value::make_string("json_schema"));
        fmt.set("schema", p.proposal_schema);
        b.set("output_config", Value::make_object()).set("format", std::move(fmt));
    }
    if (cfg.stream) b.set("stream", Value::make_bool(true));
    return json::serialize(b);
}

}  // namespace

std::unique_ptr<WireFormat> make_anthropic_wire() { return std::make_unique<AnthropicWire>(); }

std::unique_ptr<WireFormat> make_wire(Provider p) {
    return p == Provider::Anthropic ? make_anthropic_wire() : make_openai_wire();
}

std::string join_url(std::string_view base, std::string_view path_with_v1) {
    std::string b(base);
    while (!b.empty() && b.back() == '/') b.pop_back();
    if (b.size() >= 3 && b.compare(b.size() - 3, 3, "/v1") == 0 && path_with_v1.rfind("/v1", 0) == 0)
        path_with_v1.remove_prefix(3);
    return b + std::string(path_with_v1);
}

LlmError malformed(std::string msg) {
    LlmError e;
    e.kind = LlmErrorKind::Malformed;
    e.retryable = false;
    e.message = sanitize_text(msg, 400);
    return e;
}

}  // namespace medic::advisor::llm
