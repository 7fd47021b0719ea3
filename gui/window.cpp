// gui/window.cpp: GLFW window, GL3 context, ImGui backends, the frame loop.
#include "window.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include <cstdio>

#include "theme.hpp"

namespace medic::gui {
namespace {

void glfw_error(int code, const char* msg) { std::fprintf(stderr, "medic gui: GLFW error %d: %s\n", code, msg); }

GLFWwindow* open_window(const WindowOptions& o) {
    glfwSetErrorCallback(glfw_error);
    if (!glfwInit()) {
        std::fprintf(stderr, "medic gui: cannot initialise GLFW (is DISPLAY set?)\n");
        return nullptr;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    GLFWwindow* w = glfwCreateWindow(o.width, o.height, o.title.c_str(), nullptr, nullptr);
    if (!w) {
        std::fprintf(stderr, "medic gui: cannot open a %dx%d OpenGL 3 window\n", o.width, o.height);
        glfwTerminate();
        return nullptr;
    }
    glfwMakeContextCurrent(w);
    glfwSwapInterval(1);
    return w;
}

}  // namespace

int run_window(App& app, const SnapshotSource& source, CommandSink& sink, const WindowOptions& options,
               const std::atomic<bool>& stop) {
    GLFWwindow* window = open_window(options);
    if (!window) return 1;
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // layout comes from App, not from a file in the cwd
    theme::apply_style();
    theme::load_fonts(options.font_size);
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 130");

    while (!glfwWindowShouldClose(window) && !stop.load()) {
        // Wake at least every 50 ms so new snapshots (e.g. a CLI approval) show promptly.
        glfwWaitEventsTimeout(0.05);
        auto snap = source.latest();
        int wx = 0, wy = 0;
        glfwGetWindowPos(window, &wx, &wy);
        app.set_screen_origin(static_cast<float>(wx), static_cast<float>(wy));
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        app.draw_frame(*snap, sink);
        ImGui::Render();
        int fw = 0, fh = 0;
        glfwGetFramebufferSize(window, &fw, &fh);
        glViewport(0, 0, fw, fh);
        glClearColor(0.06f, 0.07f, 0.08f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        glfwSwapBuffers(window);
    }
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}

}  // namespace medic::gui
