// engine/pd/region_stream.cpp: RegionStream (see region_stream.hpp).
// [SECTION] index: scanner (prefix, array), batches, finish
//
// Batches are cut between region objects in one of two ways:
//  - fast (the usual case): once a batch's worth of bytes has arrived, the
//    last `,{"id":<digits>,"start_key"` in the buffer (how PD and pdsim
//    begin every region) is taken as the cut, and the batch is parsed as if
//    it were one. A wrong guess cannot slip through: the batch starts at a
//    real boundary, so a cut anywhere but between two regions leaves an
//    object, array or string open (or closes the array early), and the
//    parse fails. Every region parsed before a failure is a real, complete
//    region; the stream then goes back to exact scanning from just after
//    the last good region. A real error in the body is found again there
//    and reported exactly as exact scanning reports it.
//  - exact (bodies with whitespace between regions, after a fast batch
//    failed, and the end of the array): a scanner follows string state
//    (quotes, backslashes) and bracket depth byte by byte (64 at a time).
//    Depth 1 is the root object, 2 the `regions` array, 3 a region. After
//    one exact batch the stream tries fast cuts again.
// perf put the exact scanner at ~18% of a streamed ingest's CPU time; a fast
// cut costs one backwards search per batch.
// Validation is left to simdjson: each batch of complete regions is parsed
// as a JSON array (the byte before it, '[' or the separating ',', is
// patched to '[' and the byte after it to ']' for the parse, then
// restored), and the text around the array is parsed at the end as
// `{..."regions":[]...}`.
#include "pd/region_stream.hpp"

#include <algorithm>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__PCLMUL__)
#include <wmmintrin.h>
#endif

#include "pd/json_ctx.hpp"
#include "pd/region_parse.hpp"

namespace medic::pd {

using namespace detail;

namespace {

constexpr size_t kMaxPrefix = 64 << 20;  // bytes before the array we are willing to hold

bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Bit i of the result = parity of bits 0..i of x (a carry-less multiply by
// all ones where PCLMUL is there, else six shift-xors).
inline uint64_t prefix_xor(uint64_t x) {
#if defined(__PCLMUL__)
    __m128i r = _mm_clmulepi64_si128(_mm_set_epi64x(0, int64_t(x)), _mm_set1_epi8(char(0xFF)), 0);
    return uint64_t(_mm_cvtsi128_si64(r));
#else
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
#endif
}

}  // namespace

struct RegionStream::Impl {
    enum class Phase { Prefix, Array, Done };

    std::string endpoint;
    Sink sink;
    CountHint on_count;
    size_t batch_bytes;

    std::string buf;    // bytes not yet parsed (capacity keeps simdjson padding)
    uint64_t base = 0;  // body offset of buf[0]
    size_t scan = 0;    // buf index the scanner has reached
    size_t peak = 0;
    Phase phase = Phase::Prefix;
    int depth = 0;
    bool in_str = false, esc = false;
    size_t key_begin = 0, key_end = std::string::npos;  // last string closed at depth 1 (prefix)
    bool first_batch = true;
    size_t batch_start = 0;  // '[' (first batch) or just after the previous batch's last region
    size_t last_end = 0;     // just after the last complete region (0 = none yet)
    uint64_t index = 0;      // regions[] index of the next region
    uint64_t seen = 0;
    bool fast = true;          // next batch by a fast cut (else: exact scanning until a batch is out)
    bool exact_only = false;   // finish(): the rest is scanned exactly
    std::string skeleton;  // the body with the array emptied: prefix "[" + "]" + suffix
    size_t prefix_len = 0;
    uint64_t close_offset = 0;  // body offset of the array's closing bracket
    Region scratch;
    std::optional<PdError> err;

    void fail(std::string what, uint64_t offset) {
        if (err) return;
        PdError e;
        e.kind = ErrorKind::Malformed;
        e.endpoint = endpoint;
        e.detail = "regions: " + what + " (byte " + std::to_string(offset) + ")";
        err = std::move(e);
    }
    void reserve_for(size_t more) {
        size_t need = buf.size() + more + simdjson::SIMDJSON_PADDING;
        if (buf.capacity() < need) buf.reserve(std::max(need, buf.capacity() * 2));
        peak = std::max(peak, buf.capacity());
    }

    // ================================================= [SECTION] scanner (prefix, array)

    bool regions_key_before(size_t bracket) const {
        if (key_end == std::string::npos || buf.compare(key_begin, key_end - key_begin, "regions") != 0) return false;
        bool colon = false;
        for (size_t j = key_end + 1; j < bracket; ++j) {
            if (buf[j] == ':' && !colon) colon = true;
            else if (!is_ws(buf[j])) return false;
        }
        return colon;
    }

    void count_hint() {
        if (!on_count) return;
        size_t k = skeleton.find("\"count\"");
        if (k == std::string::npos) return;
        k += 7;
        while (k < skeleton.size() && (is_ws(skeleton[k]) || skeleton[k] == ':')) ++k;
        uint64_t n = 0;
        size_t digits = 0;
        for (; k < skeleton.size() && skeleton[k] >= '0' && skeleton[k] <= '9' && digits < 18; ++k, ++digits)
            n = n * 10 + uint64_t(skeleton[k] - '0');
        if (digits) on_count(n);
    }

    void enter_array(size_t bracket) {
        skeleton.assign(buf, 0, bracket + 1);
        prefix_len = skeleton.size();
        count_hint();
        buf.erase(0, bracket);  // buf[0] is now the '['
        base += bracket;
        phase = Phase::Array;
        depth = 2;
        batch_start = 0;
        last_end = 0;
        scan = 1;
    }

    void scan_prefix() {
        for (size_t i = scan; i < buf.size(); ++i) {
            char c = buf[i];
            if (in_str) {
                if (esc) esc = false;
                else if (c == '\\') esc = true;
                else if (c == '"') {
                    in_str = false;
                    if (depth == 1) key_end = i;
                }
                continue;
            }
            if (c == '"') {
                in_str = true;
                if (depth == 1) key_begin = i + 1, key_end = std::string::npos;
            } else if (c == '{' || c == '[') {
                if (c == '[' && depth == 1 && regions_key_before(i)) return enter_array(i);
                ++depth;
            } else if (c == '}' || c == ']') {
                --depth;
            }
        }
        scan = buf.size();
        if (buf.size() > kMaxPrefix) fail("no \"regions\" array in the first 64 MiB", base + buf.size());
    }

    // One byte of the array, outside the vector path. Returns false when the
    // array closed (close_array called) or a batch is due (`p` past it).
    bool step(const char*& p, const char* b) {
        char c = *p++;
        if (in_str) {
            if (esc) esc = false;
            else if (c == '\\') esc = true;
            else if (c == '"') in_str = false;
            return true;
        }
        if (c == '"') {
            in_str = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            return closed_one(size_t(p - b) - 1);
        }
        return true;
    }

    // A closing bracket at buf index i: a region ended (depth back to 2) or
    // the array itself closed (depth 1). false: stop scanning here.
    bool closed_one(size_t i) {
        if (--depth == 2) {
            last_end = i + 1;
            return !(last_end - batch_start >= batch_bytes && last_end < buf.size());
        }
        if (depth == 1) {
            scan = i + 1;
            close_array(i);
            return false;
        }
        return true;
    }

    // Advance over buf from `scan`; returns when the data ends, a batch is
    // due (and parsed) or the array closed (phase Done). 64 bytes at a time
    // while there is no backslash: quote bits -> inside-string mask (prefix
    // XOR), brackets outside strings drive the depth. Blocks with a backslash
    // and the tail go byte by byte (exact escape handling).
    void scan_array() {
        const char* b = buf.data();
        const char* end = b + buf.size();
        const char* p = b + scan;
        bool go = true;
        while (go && p < end) {
#if defined(__SSE2__)
            if (!esc && end - p >= 64) {
                uint64_t quote = 0, slash = 0, opens = 0, closes = 0;
                for (int k = 0; k < 4; ++k) {
                    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
                    __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));  // '[' -> '{', ']' -> '}'
                    quote |= uint64_t(unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('"'))))) << (16 * k);
                    slash |= uint64_t(unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))))) << (16 * k);
                    opens |= uint64_t(unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(folded, _mm_set1_epi8('{'))))) << (16 * k);
                    closes |= uint64_t(unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(folded, _mm_set1_epi8('}'))))) << (16 * k);
                }
                if (!slash) {
                    uint64_t inside = prefix_xor(quote);  // bit i = odd number of quotes at or before i
                    if (in_str) inside = ~inside;
                    in_str = (inside >> 63) != 0;
                    opens &= ~inside;
                    closes &= ~inside;
                    int n_open = __builtin_popcountll(opens), n_close = __builtin_popcountll(closes);
                    // Only a close that brings the depth to 2 (a region ended)
                    // or 1 (the array closed) matters. When even all of this
                    // block's closes cannot get there, count and move on;
                    // otherwise visit the closes, each one's depth after it
                    // from the brackets at or before it.
                    if (depth - n_close > 2) {
                        depth += n_open - n_close;
                        p += 64;
                        continue;
                    }
                    const int d0 = depth;
                    for (uint64_t m = closes; m; m &= m - 1) {
                        unsigned bit = unsigned(__builtin_ctzll(m));
                        uint64_t upto = bit == 63 ? ~uint64_t(0) : (uint64_t(2) << bit) - 1;
                        int after = d0 + __builtin_popcountll(opens & upto) - __builtin_popcountll(closes & upto);
                        if (after > 2) continue;
                        size_t i = size_t(p - b) + bit;
                        depth = after + 1;  // closed_one() takes the close itself
                        if (!closed_one(i)) {
                            if (phase != Phase::Array || err) return;  // closed or failed: buf changed
                            go = false;
                            p = b + i + 1;  // the bits after i are scanned again from p
                            in_str = false;
                            break;
                        }
                    }
                    if (go) {
                        depth = d0 + n_open - n_close;
                        p += 64;
                    }
                    continue;
                }
            }
#endif
            go = step(p, b);
            if (!go && (phase != Phase::Array || err)) return;
        }
        scan = size_t(p - b);
        if (last_end && last_end - batch_start >= batch_bytes && last_end < buf.size()) flush(last_end, false);
    }

    // ======================================================= [SECTION] fast cuts

    // The last `,{"id":<digits>,"start_key"` after batch_start: the ',' is
    // the cut. npos when there is none (whitespace between regions, another
    // key order, a region bigger than the buffer).
    size_t find_cut() const {
        static constexpr std::string_view kId = "{\"id\":", kStart = ",\"start_key\"";
        const char* b = buf.data();
        size_t hi = buf.size();
        while (hi > batch_start + 1) {
            const void* q = memrchr(b + batch_start + 1, '{', hi - batch_start - 1);
            if (!q) return std::string::npos;
            size_t at = size_t(static_cast<const char*>(q) - b);
            hi = at;
            if (b[at - 1] != ',' || buf.compare(at, kId.size(), kId) != 0) continue;
            size_t d = at + kId.size(), d0 = d;
            while (d < buf.size() && b[d] >= '0' && b[d] <= '9') ++d;
            if (d > d0 && buf.compare(d, kStart.size(), kStart) == 0) return at - 1;
        }
        return std::string::npos;
    }

    // Exact scanning from buf index p, a place between regions (depth 2):
    // the batch starts there. `opening`: buf[p] is the array's '[' (not
    // scanned again).
    void enter_exact(size_t p, bool opening) {
        fast = false;
        batch_start = p;
        scan = p + (opening ? 1 : 0);
        depth = 2;
        in_str = esc = false;
        last_end = 0;
    }

    // A fast batch: everything before the last region start in buf. false
    // when there is no cut to try or the guess failed (exact scanning is
    // then set up from the right place).
    bool fast_batch(size_t cut) {
        bool opening = first_batch;
        if (cut == std::string::npos || buf[batch_start] != (opening ? '[' : ',')) {
            enter_exact(batch_start, opening);
            return false;
        }
        reserve_for(0);
        buf[batch_start] = '[';
        buf[cut] = ']';
        size_t resume = parse_batch(batch_start, cut + 1 - batch_start, true);
        buf[batch_start] = opening ? '[' : ',';
        buf[cut] = ',';
        if (resume == std::string::npos) {
            first_batch = false;
            compact(cut);
            return true;
        }
        if (err) return false;
        // Some regions may have been delivered: carry on exactly just after them.
        if (resume == batch_start) return enter_exact(batch_start, opening), false;
        first_batch = false;
        compact(resume);
        enter_exact(0, false);
        return false;
    }

    // ================================================== [SECTION] in place

    // A piece is parsed where the caller holds it, without copying it into
    // buf (the copy was ~9% of a streamed ingest), when buf holds only the
    // start of one region (after the first batch, in fast mode). Its bytes
    // up to the first region start in it complete that region in buf (a
    // fast batch with that cut: the guess is checked as any fast cut is);
    // from there, a real boundary, the fast parser reads whole regions in
    // the piece. A region is delivered only when a ',' and the '{' of the
    // next one follow it, so the last regions, the array's end and all
    // that the fast parser does not take go into buf, to the usual path.
    bool in_place_ok() const {
        return fast && !first_batch && !exact_only && fast_region_parser() && batch_start == 0 &&
               !buf.empty() && buf[0] == ',' && buf.size() < (size_t(256) << 10);
    }

    // The first `,{"id":<digits>,"start_key"` in d[0, n): its ','.
    static const char* first_cut(const char* d, size_t n) {
        static constexpr std::string_view kId = ",{\"id\":", kStart = ",\"start_key\"";
        const char* end = d + n;
        for (const char* p = d; p < end;) {
            const char* q = static_cast<const char*>(std::memchr(p, ',', size_t(end - p)));
            if (!q) return nullptr;
            p = q + 1;
            if (size_t(end - q) < kId.size() || std::memcmp(q, kId.data(), kId.size()) != 0) continue;
            const char* t = q + kId.size();
            const char* t0 = t;
            while (t < end && *t >= '0' && *t <= '9') ++t;
            if (t > t0 && size_t(end - t) >= kStart.size() && std::memcmp(t, kStart.data(), kStart.size()) == 0) return q;
        }
        return nullptr;
    }

    // false: nothing was done, feed the piece the usual way.
    bool feed_in_place(const char* d, size_t n) {
        const char* cut = first_cut(d, n);
        if (!cut) return false;
        size_t head = size_t(cut - d) + 1;  // up to and with the cut's ','
        reserve_for(head);
        buf.append(d, head);
        if (!fast_batch(buf.size() - 1)) {  // a wrong guess or a region for On Demand
            reserve_for(n - head);
            buf.append(d + head, n - head);
            advance();
            return true;
        }
        // buf is now the cut's ',' alone (body offset `base`): go on in the piece.
        const char* end = d + n;
        const char* sep = cut;
        for (;;) {
            const char* p = sep + 1;
            if (!fast_parse_region(p, end, scratch)) break;
            while (p < end && is_ws(*p)) ++p;
            if (p >= end || *p != ',') break;
            const char* q = p + 1;
            while (q < end && is_ws(*q)) ++q;
            if (q >= end || *q != '{') break;
            ++index;
            if (scratch.id != 0) {
                ++seen;
                sink(scratch);
            }
            sep = p;
        }
        base += uint64_t(sep - cut);
        buf.assign(sep, size_t(end - sep));
        reserve_for(0);
        scan = batch_start = last_end = 0;
        advance();
        return true;
    }

    // ========================================================== [SECTION] batches

    // Parse buf(open, end) as one array of regions; buf[open] and buf[end]
    // are patched to '[' / ']' for the parse and restored.
    void flush(size_t end, bool final) {
        size_t open = batch_start;
        if (!first_batch) {
            while (open < end && is_ws(buf[open])) ++open;
            if (open == end) return compact(end);  // only whitespace before ']'
            if (buf[open] != ',') return fail("expected ',' between regions", base + open);
            if (final) {
                size_t k = open + 1;
                while (k < end && is_ws(buf[k])) ++k;
                if (k == end) return fail("trailing ',' before the end of the regions array", base + open);
            }
        } else if (final) {
            size_t k = open + 1;
            while (k < end && is_ws(buf[k])) ++k;
            if (k == end) return compact(end);  // []
        }
        reserve_for(0);  // padding after `end` (before taking pointers)
        char saved_open = buf[open], saved_end = buf[end];
        buf[open] = '[';
        buf[end] = ']';
        parse_batch(open, end + 1 - open, false);
        buf[open] = saved_open;
        buf[end] = saved_end;
        first_batch = false;
        compact(end);
        fast = !exact_only;
    }

    // Parse buf[open, open+len) (patched to an array) and hand its regions
    // to the sink. Exact batches record a failure in `err`. Fast batches
    // (`guess`) never do: a failure may only mean the cut was wrong, so
    // they return the buf index just after the last region delivered (or
    // `open`), where exact scanning resumes; npos = all parsed.
    size_t parse_batch(size_t open, size_t len, bool guess) {
        size_t from = fast_regions(open, len);
        if (from == std::string::npos || from == open) return from == open ? parse_batch_od(open, len, guess) : from;
        // On Demand from the region the fast parser left: its separator
        // becomes the array's '[' (offsets and the regions[] index carry on).
        char saved = buf[from];
        buf[from] = '[';
        size_t resume = parse_batch_od(from, open + len - from, guess);
        buf[from] = saved;
        return resume;
    }

    // The strict fast parser (region_fast.cpp) over the regions of
    // buf[open, open+len) ('[' ... ']' patched). npos: all parsed and
    // delivered; else the buf index of the '[' or ',' before the first
    // region it did not deliver (On Demand takes over there).
    size_t fast_regions(size_t open, size_t len) {
        if (!fast_region_parser()) return open;
        const char* b = buf.data();
        const char* end = b + open + len;  // just after the ']'
        const char* sep = b + open;
        for (;;) {
            const char* p = sep + 1;
            if (!fast_parse_region(p, end, scratch)) return size_t(sep - b);
            while (p < end && is_ws(*p)) ++p;
            bool last = p == end - 1;
            if (p >= end || (*p != ',' && !last)) return size_t(sep - b);  // On Demand parses this one again
            if (!last) {  // a trailing comma: On Demand reports it, with this region before it
                const char* q = p + 1;
                while (q < end && is_ws(*q)) ++q;
                if (q == end - 1) return size_t(sep - b);
            }
            ++index;
            if (scratch.id != 0) {
                ++seen;
                sink(scratch);
            }
            if (last) return std::string::npos;
            sep = p;
        }
    }

    size_t parse_batch_od(size_t open, size_t len, bool guess) {
        simdjson::padded_string_view view(buf.data() + open, len, buf.capacity() - open);
        JsonCtx ctx(endpoint, view.data(), view.size());
        ctx.set_offset_base(int64_t(base + open));
        ctx.push("regions");
        od::document doc;
        od::value root;
        od::array arr;
        const char* good_end = nullptr;  // just after the last region delivered (fast batches)
        if (auto ec = thread_parser().iterate(view).get(doc)) {
            ctx.fail_syntax(ec);
        } else if (get_root(ctx, doc, root, "array") && get_array(ctx, root, arr)) {
            ctx.push_index(index);
            for (auto elem : arr) {
                if (auto ec = elem.error()) {
                    ctx.fail_syntax(ec);
                    break;
                }
                ctx.set_top_index(index);
                // In place: copying the value out of its simdjson_result stalls (json_ctx.hpp).
                if (!parse_region_fields(ctx, const_cast<od::value&>(elem.value_unsafe()), scratch)) break;
                ++index;
                if (guess) good_end = location_of(doc);  // the ',' (or ']') after this region
                if (scratch.id == 0) continue;
                ++seen;
                sink(scratch);
            }
            const char* loc = nullptr;
            if (!ctx.failed() && doc.current_location().get(loc) == simdjson::SUCCESS)
                ctx.fail("unexpected content after the JSON value", loc);
        }
        if (!ctx.failed()) return std::string::npos;
        if (!guess) {
            err = ctx.error();
            return open;
        }
        return good_end ? size_t(good_end - buf.data()) : open;
    }

    // Drop buf[0, end): those bytes are parsed.
    void compact(size_t end) {
        buf.erase(0, end);
        base += end;
        scan -= std::min(scan, end);
        batch_start = 0;
        last_end = 0;
    }

    void close_array(size_t bracket) {
        flush(bracket, true);  // on success this drops everything before the bracket
        if (err) return;
        close_offset = base;
        skeleton.append(buf);
        buf.clear();
        buf.shrink_to_fit();
        phase = Phase::Done;
    }

    // Cut and parse what buf holds: fast batches while a batch's worth is
    // there, else the exact scanner. Each step either parses a batch, moves
    // to exact scanning, or scans to the end of the data: always progress.
    void advance() {
        while (!err && phase == Phase::Array) {
            if (fast) {
                if (buf.size() - batch_start < batch_bytes) return;
                fast_batch(find_cut());
                continue;
            }
            if (scan >= buf.size()) return;
            scan_array();
        }
    }

    // =========================================================== [SECTION] finish

    // The body around the array (or all of it, when it has no array).
    void parse_skeleton(const std::string& body, int64_t shift_after, int64_t shift) {
        auto st = parse_document(endpoint, body, [&](JsonCtx& c, od::document& doc) {
            c.set_offset_shift(shift_after, shift);
            return parse_regions_info(c, doc, scratch, sink, seen);
        });
        if (!st) err = st.error();
    }
};

RegionStream::RegionStream(std::string_view endpoint, Sink sink, CountHint on_count, size_t batch_bytes)
    : impl_(std::make_unique<Impl>()) {
    impl_->endpoint = std::string(endpoint);
    impl_->sink = std::move(sink);
    impl_->on_count = std::move(on_count);
    impl_->batch_bytes = std::max<size_t>(batch_bytes, 4096);
}

RegionStream::~RegionStream() = default;

bool RegionStream::feed(const char* data, size_t n) {
    Impl& s = *impl_;
    if (s.err) return false;
    if (s.phase == Impl::Phase::Done) {
        s.skeleton.append(data, n);
        if (s.skeleton.size() > kMaxPrefix) s.fail("too much content after the regions array", s.close_offset);
        return !s.err;
    }
    if (s.phase == Impl::Phase::Array && s.in_place_ok() && s.feed_in_place(data, n)) return !s.err;
    s.reserve_for(n);
    s.buf.append(data, n);
    if (s.phase == Impl::Phase::Prefix) s.scan_prefix();
    s.advance();
    return !s.err;
}

Result<uint64_t> RegionStream::finish() {
    Impl& s = *impl_;
    if (!s.err) {
        switch (s.phase) {
            case Impl::Phase::Prefix: s.parse_skeleton(s.buf, INT64_MAX, 0); break;  // small: parse it whole
            case Impl::Phase::Array:
                // Whatever fast cuts left: scanned exactly, to find the array's end.
                s.exact_only = true;
                if (s.fast) s.enter_exact(s.batch_start, s.first_batch);
                s.advance();
                if (s.err) break;
                if (s.phase == Impl::Phase::Done) {
                    s.parse_skeleton(s.skeleton, int64_t(s.prefix_len), int64_t(s.close_offset) - int64_t(s.prefix_len));
                    break;
                }
                s.fail("invalid or truncated JSON (the regions array is not closed)", s.base + s.buf.size());
                break;
            case Impl::Phase::Done:
                s.parse_skeleton(s.skeleton, int64_t(s.prefix_len), int64_t(s.close_offset) - int64_t(s.prefix_len));
                break;
        }
    }
    if (s.err) return *s.err;
    return s.seen;
}

const std::optional<PdError>& RegionStream::error() const { return impl_->err; }
size_t RegionStream::peak_buffer_bytes() const { return impl_->peak; }

}  // namespace medic::pd
