// tests/engine/pd/catch_main.cpp: the one Catch2 main for engine test binaries
// (built once as medic_engine_test_main).
#define CATCH_CONFIG_MAIN
// GCC 12 with -fsanitize (MEDIC_SANITIZE) warns inside <regex> as used by
// Catch's main; a false positive that -Werror would turn into a failed build.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <catch2/catch.hpp>
