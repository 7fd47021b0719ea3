// engine/pd/json_ctx_impl.hpp: template bodies for json_ctx.hpp (internal).
#pragma once

namespace medic::pd::detail {

template <class Fn>
Status parse_document(std::string_view endpoint, const std::string& body, Fn&& fn) {
    // Zero-copy when the body already has SIMDJSON_PADDING spare capacity
    // (PdClient reserves it); otherwise copy once into a padded buffer.
    simdjson::padded_string copy;
    simdjson::padded_string_view view;
    if (body.capacity() - body.size() >= simdjson::SIMDJSON_PADDING) {
        view = simdjson::padded_string_view(body.data(), body.size(), body.capacity());
    } else {
        copy = simdjson::padded_string(body);
        view = copy;
    }
    JsonCtx ctx(endpoint, view.data(), view.size());
    size_t first = body.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) {
        ctx.fail("empty body, expected JSON", nullptr);
        return ctx.error();
    }
    od::document doc;
    if (auto ec = thread_parser().iterate(view).get(doc)) {
        ctx.fail_syntax(ec);
        return ctx.error();
    }
    if (!fn(ctx, doc) || ctx.failed()) {
        if (!ctx.failed()) ctx.fail("invalid document", nullptr);
        return ctx.error();
    }
    const char* loc = nullptr;
    if (doc.current_location().get(loc) == simdjson::SUCCESS) {
        ctx.fail("unexpected content after the JSON value", loc);
        return ctx.error();
    }
    return Ok{};
}

}  // namespace medic::pd::detail
