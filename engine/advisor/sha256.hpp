// engine/advisor/sha256.hpp: SHA-256 as lower-case hex (OpenSSL libcrypto),
// for the prompt / raw-response hashes and plan hashes in proposal envelopes.
#pragma once

#include <string>
#include <string_view>

namespace medic::advisor {

/// Hex SHA-256 of `data` (64 characters).
std::string sha256_hex(std::string_view data);

}  // namespace medic::advisor
