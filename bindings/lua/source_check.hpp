// bindings/lua/source_check.hpp: checks of a runbook's source text before
// LuaJIT compiles it.
//
// LuaJIT's lexer turns number literals with an LL, ULL or i suffix (1LL,
// 0xffULL, 2i) into FFI cdata, and loads the ffi library on demand to do so
// (lj_lex.c lex_number): a runbook would hold FFI values although `ffi` is
// never opened. Plain Lua 5.1 has no such literals, so they are refused
// here, as a syntax error, before the chunk is compiled.
#pragma once

#include <string>
#include <string_view>

namespace medic::lua {

struct SourceProblem {
    int line = 0;         ///< 1-based; 0 = no problem
    std::string message;  ///< without position
};

/// The first FFI number literal outside strings and comments, if any.
SourceProblem find_cdata_literal(std::string_view src);

}  // namespace medic::lua
