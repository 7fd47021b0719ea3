// gui/theme.cpp: dark style, fonts, and the enum label/colour tables.
#include "theme.hpp"

#include <cstdio>
#include <iterator>
#include <sys/stat.h>

namespace medic::gui::theme {
namespace {

template <typename E, typename T, std::size_t N>
const T& pick(const T (&table)[N], E e) {
    static_assert(N == static_cast<std::size_t>(E::Count), "table must cover the enum");
    auto i = static_cast<std::size_t>(e);
    return table[i < N ? i : 0];
}

constexpr const char* kStoreStateNames[] = {"Up", "Disconnected", "Down", "Offline", "Tombstone", "Unknown"};
const ImVec4 kStoreStateColours[] = {kGood, kWarn, kBad, kOrange, kMuted, kMuted};
constexpr const char* kSeverityNames[] = {"info", "warning", "critical"};
const ImVec4 kSeverityColours[] = {kAccent, kWarn, kBad};
constexpr const char* kRiskNames[] = {"LOW", "MEDIUM", "HIGH", "CRITICAL"};
const ImVec4 kRiskColours[] = {kGood, kWarn, kOrange, kBad};
constexpr const char* kOutcomeNames[] = {"needs approval", "auto-approved", "approved", "executed",
                                         "failed",         "rejected",      "rejected: invalid",
                                         "rejected: unsafe", "no action",   "expired"};
const ImVec4 kOutcomeColours[] = {kAccent, kGood, kGood, kGood, kBad,
                                      kMuted,  kBad,  kBad,  kMuted, kMuted};
constexpr const char* kModeNames[] = {"OBSERVE-ONLY", "DRY-RUN", "LIVE"};
const ImVec4 kModeColours[] = {kAccent, kWarn, kBad};
constexpr const char* kRunStateNames[] = {"pending", "running", "waiting", "succeeded",
                                          "failed",  "canceled", "interrupted"};
const ImVec4 kRunStateColours[] = {kMuted, kAccent, kPurple, kGood, kBad, kMuted, kOrange};
constexpr const char* kParamTypeNames[] = {"integer", "number", "string", "boolean",
                                           "store id", "region id", "choice"};
constexpr const char* kHeatMetricNames[] = {"Write flow", "Read flow", "Regions", "Leaders", "Unhealthy"};

// Fonts and symbols are process-wide like ImGui's own context; set once at start-up.
struct Fonts {
    ImFont* large = nullptr;
    ImFont* mono = nullptr;
    bool unicode = false;
};
Fonts g_fonts;

bool file_exists(const char* path) {
    struct stat st {};
    return ::stat(path, &st) == 0;
}

constexpr const char* kSans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
constexpr const char* kMono = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";

// Latin-1 plus the few symbols the panels use. ImGui keeps the pointer until
// the atlas is built, so the table lives for the whole program.
constexpr ImWchar kRanges[] = {0x0020, 0x00FF, 0x2022, 0x2022, 0x2026, 0x2026, 0x2190, 0x2193,
                               0x2713, 0x2717, 0x25CF, 0x25CF, 0x26A0, 0x26A0, 0};

}  // namespace

const char* label(StoreState s) { return pick(kStoreStateNames, s); }
const char* label(Severity s) { return pick(kSeverityNames, s); }
const char* label(Risk r) { return pick(kRiskNames, r); }
const char* label(ProposalOutcome o) { return pick(kOutcomeNames, o); }
const char* label(Mode m) { return pick(kModeNames, m); }
const char* label(RunState s) { return pick(kRunStateNames, s); }
const char* label(ParamType t) { return pick(kParamTypeNames, t); }
const char* label(HeatMetric m) { return pick(kHeatMetricNames, m); }
ImVec4 colour(StoreState s) { return pick(kStoreStateColours, s); }
ImVec4 colour(Severity s) { return pick(kSeverityColours, s); }
ImVec4 colour(Risk r) { return pick(kRiskColours, r); }
ImVec4 colour(ProposalOutcome o) { return pick(kOutcomeColours, o); }
ImVec4 colour(Mode m) { return pick(kModeColours, m); }
ImVec4 colour(RunState s) { return pick(kRunStateColours, s); }

bool is_refused(ProposalOutcome o) {
    return o == ProposalOutcome::RejectedInvalid || o == ProposalOutcome::RejectedUnsafe;
}

bool is_open(ProposalOutcome o) { return o == ProposalOutcome::NeedsApproval; }

void apply_style() {
    ImGui::StyleColorsDark();
    ImGuiStyle& s = ImGui::GetStyle();
    s.WindowRounding = 4;
    s.ChildRounding = 4;
    s.FrameRounding = 3;
    s.PopupRounding = 4;
    s.GrabRounding = 3;
    s.TabRounding = 3;
    s.WindowBorderSize = 1;
    s.FrameBorderSize = 0;
    s.WindowPadding = ImVec2(10, 8);
    s.FramePadding = ImVec2(7, 4);
    s.ItemSpacing = ImVec2(8, 5);
    s.CellPadding = ImVec2(6, 3);
    s.ScrollbarSize = 12;
    ImVec4* c = s.Colors;
    c[ImGuiCol_Text] = kText;
    c[ImGuiCol_TextDisabled] = ImVec4(0.45f, 0.48f, 0.53f, 1);
    c[ImGuiCol_WindowBg] = ImVec4(0.090f, 0.100f, 0.118f, 1);
    c[ImGuiCol_ChildBg] = ImVec4(0.075f, 0.082f, 0.098f, 1);
    c[ImGuiCol_PopupBg] = ImVec4(0.11f, 0.12f, 0.14f, 0.98f);
    c[ImGuiCol_Border] = ImVec4(0.20f, 0.22f, 0.26f, 1);
    c[ImGuiCol_FrameBg] = ImVec4(0.14f, 0.15f, 0.18f, 1);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.19f, 0.21f, 0.25f, 1);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.22f, 0.25f, 0.30f, 1);
    c[ImGuiCol_TitleBg] = ImVec4(0.10f, 0.11f, 0.13f, 1);
    c[ImGuiCol_TitleBgActive] = ImVec4(0.13f, 0.15f, 0.19f, 1);
    c[ImGuiCol_MenuBarBg] = ImVec4(0.10f, 0.11f, 0.13f, 1);
    c[ImGuiCol_Header] = ImVec4(0.18f, 0.24f, 0.34f, 1);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.22f, 0.31f, 0.45f, 1);
    c[ImGuiCol_HeaderActive] = ImVec4(0.25f, 0.36f, 0.52f, 1);
    c[ImGuiCol_Button] = ImVec4(0.18f, 0.21f, 0.27f, 1);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.24f, 0.30f, 0.40f, 1);
    c[ImGuiCol_ButtonActive] = ImVec4(0.28f, 0.36f, 0.50f, 1);
    c[ImGuiCol_Tab] = ImVec4(0.13f, 0.15f, 0.18f, 1);
    c[ImGuiCol_TabHovered] = ImVec4(0.24f, 0.32f, 0.46f, 1);
    c[ImGuiCol_TabActive] = ImVec4(0.20f, 0.28f, 0.41f, 1);
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.13f, 0.15f, 0.18f, 1);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(1, 1, 1, 0.025f);
    c[ImGuiCol_TableBorderStrong] = ImVec4(0.22f, 0.24f, 0.28f, 1);
    c[ImGuiCol_TableBorderLight] = ImVec4(0.17f, 0.19f, 0.22f, 1);
    c[ImGuiCol_PlotLines] = kAccent;
    c[ImGuiCol_PlotHistogram] = kAccent;
    c[ImGuiCol_CheckMark] = kAccent;
    c[ImGuiCol_SliderGrab] = kAccent;
    c[ImGuiCol_Separator] = ImVec4(0.20f, 0.22f, 0.26f, 1);
}

void load_fonts(float base_size) {
    ImGuiIO& io = ImGui::GetIO();
    if (!file_exists(kSans) || !file_exists(kBold) || !file_exists(kMono)) {
        io.Fonts->AddFontDefault();
        g_fonts = Fonts{};
        return;
    }
    io.Fonts->AddFontFromFileTTF(kSans, base_size, nullptr, kRanges);
    g_fonts.large = io.Fonts->AddFontFromFileTTF(kBold, base_size * 1.35f, nullptr, kRanges);
    g_fonts.mono = io.Fonts->AddFontFromFileTTF(kMono, base_size - 1, nullptr, kRanges);
    g_fonts.unicode = g_fonts.large != nullptr && g_fonts.mono != nullptr;
}

ImFont* font_large() { return g_fonts.large ? g_fonts.large : ImGui::GetFont(); }
ImFont* font_mono() { return g_fonts.mono ? g_fonts.mono : ImGui::GetFont(); }
const char* sym_arrow() { return g_fonts.unicode ? "\xE2\x86\x92" : "->"; }
const char* sym_ok() { return g_fonts.unicode ? "\xE2\x9C\x93" : "ok"; }
const char* sym_fail() { return g_fonts.unicode ? "\xE2\x9C\x97" : "X"; }
const char* sym_dot() { return g_fonts.unicode ? "\xE2\x97\x8F" : "*"; }

}  // namespace medic::gui::theme
