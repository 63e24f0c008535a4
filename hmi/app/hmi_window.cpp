#include "hmi/app/hmi_window.hpp"

#include "hmi/app/biofeedback.hpp"
#include "hmi/app/screenshot.hpp"
#include "hmi/screens/hmi_app.hpp"
#include "hmi/ui/cue_band.hpp"
#include "hmi/ui/theme.hpp"

#include <SDL.h>
#include <SDL_opengl.h>
#include <backends/imgui_impl_opengl3.h>
#include <backends/imgui_impl_sdl.h>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <imgui.h>
#include <stdexcept>

namespace tg::hmi {
namespace {

volatile std::sig_atomic_t stop_signal = 0;
volatile std::sig_atomic_t screenshot_signal = 0;

void on_stop_signal(int) {
    stop_signal = 1;
}
void on_screenshot_signal(int) {
    screenshot_signal = 1;
}

constexpr int screenshot_settle_frames = 12; // let replies arrive before the picture

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

HmiWindow::HmiWindow(HmiOptions options) : options_(std::move(options)) {
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "0"); // touches arrive once, as finger events
    if (options_.fullscreen) // kiosk: losing focus must not hide the STOP button
        SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0)
        throw std::runtime_error(std::string("SDL_Init: ") + SDL_GetError());
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_SHOWN;
    if (options_.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
    window_ = SDL_CreateWindow("treadguard", 0, 0, options_.width, options_.height, flags);
    if (window_ == nullptr)
        throw std::runtime_error(std::string("SDL_CreateWindow: ") + SDL_GetError());
    gl_context_ = SDL_GL_CreateContext(window_);
    if (gl_context_ == nullptr)
        throw std::runtime_error(std::string("SDL_GL_CreateContext: ") + SDL_GetError());
    SDL_GL_MakeCurrent(window_, gl_context_);
    SDL_GL_SetSwapInterval(options_.bench_frames > 0 ? 0 : 1);
    int w = 0, h = 0;
    SDL_GetWindowSize(window_, &w, &h);
    ui_.metrics = panel_metrics(w, h, options_.diagonal_in);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr; // nothing to remember between runs
    ui_.fonts = load_fonts(ui_.metrics, options_.font_dir);
    apply_theme(ui_.metrics);
    ImGui_ImplSDL2_InitForOpenGL(window_, gl_context_);
    ImGui_ImplOpenGL3_Init("#version 130");
    std::signal(SIGTERM, on_stop_signal);
    std::signal(SIGINT, on_stop_signal);
    std::signal(SIGUSR1, on_screenshot_signal);
    std::printf("treadguard-hmi ready size=%dx%d dpi=%.0f target_px=%.0f api=%s\n", w, h,
                ui_.metrics.dpi, static_cast<double>(ui_.metrics.min_target_px),
                options_.api_socket.c_str());
    std::fflush(stdout);
}

HmiWindow::~HmiWindow() {
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    if (gl_context_ != nullptr) SDL_GL_DeleteContext(gl_context_);
    if (window_ != nullptr) SDL_DestroyWindow(window_);
    SDL_Quit();
}

void HmiWindow::handle_event(const SDL_Event& e) {
    const float w = static_cast<float>(ui_.metrics.width_px);
    const float h = static_cast<float>(ui_.metrics.height_px);
    switch (e.type) {
    case SDL_QUIT:
        // Kiosk: the window manager's close (Alt+F4, a stray gesture) is ignored; only
        // SIGTERM/SIGINT from the system end it.
        if (!options_.fullscreen) quit_ = true;
        return;
    case SDL_MOUSEMOTION:
        pointer_.move(static_cast<float>(e.motion.x), static_cast<float>(e.motion.y));
        return;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (e.button.button != SDL_BUTTON_LEFT) return;
        if (e.type == SDL_MOUSEBUTTONDOWN)
            pointer_.press(static_cast<float>(e.button.x), static_cast<float>(e.button.y));
        else
            pointer_.release(static_cast<float>(e.button.x), static_cast<float>(e.button.y));
        return;
    case SDL_FINGERDOWN:
        pointer_.press(e.tfinger.x * w, e.tfinger.y * h);
        return;
    case SDL_FINGERMOTION:
        pointer_.move(e.tfinger.x * w, e.tfinger.y * h);
        return;
    case SDL_FINGERUP:
        pointer_.release(e.tfinger.x * w, e.tfinger.y * h);
        return;
    case SDL_KEYDOWN:
        if (e.key.keysym.sym == SDLK_F12) screenshot_requested_ = true;
        break;
    default:
        break;
    }
    ImGui_ImplSDL2_ProcessEvent(&e); // wheel, keys, window events
}

void HmiWindow::render(HmiApp& app, double now_s, const Biofeedback& feedback) {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    const PointerFrame p = pointer_.frame(); // our pointer wins over the backend's polling
    io.MousePos = p.valid ? ImVec2(p.x, p.y) : ImVec2(-FLT_MAX, -FLT_MAX);
    io.MouseDown[0] = p.down;
    ImGui::NewFrame();
    int wx = 0, wy = 0;
    SDL_GetWindowPosition(window_, &wx, &wy);
    ui_.layout.begin_frame(app.screen_name(), static_cast<float>(wx), static_cast<float>(wy));
    app.frame(now_s, io.DisplaySize.x, io.DisplaySize.y);
    if (const auto band = feedback.band(now_s))
        draw_cue_band(ui_, band->abgr, band->text, io.DisplaySize.x, io.DisplaySize.y);
    ImGui::Render();
    int fw = 0, fh = 0;
    SDL_GL_GetDrawableSize(window_, &fw, &fh);
    glViewport(0, 0, fw, fh);
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    after_frame(app.screen_name());
    SDL_GL_SwapWindow(window_);
}

void HmiWindow::after_frame(const std::string& screen) {
    if (screen != last_screen_) {
        last_screen_ = screen;
        frames_on_screen_ = 0;
    }
    ++frames_on_screen_;
    const bool auto_shot = frames_on_screen_ == screenshot_settle_frames;
    if (screenshot_signal != 0) {
        screenshot_signal = 0;
        screenshot_requested_ = true;
    }
    if (!options_.screenshot_dir.empty() && (auto_shot || screenshot_requested_)) {
        char name[64];
        std::snprintf(name, sizeof name, "/%02d-", ++screenshot_seq_);
        const std::string path = options_.screenshot_dir + name + screen + "-" +
                                 std::to_string(ui_.metrics.width_px) + "x" +
                                 std::to_string(ui_.metrics.height_px) + ".png";
        std::string error;
        int fw = 0, fh = 0;
        SDL_GL_GetDrawableSize(window_, &fw, &fh);
        if (write_framebuffer_png(path, fw, fh, error))
            std::printf("screenshot %s\n", path.c_str());
        else
            std::fprintf(stderr, "treadguard-hmi: screenshot: %s\n", error.c_str());
        std::fflush(stdout);
    }
    screenshot_requested_ = false;
    if (!options_.dump_layout.empty()) dump_layout();
}

void HmiWindow::dump_layout() {
    const std::string text = ui_.layout.to_json().dump();
    if (text == last_layout_) return;
    last_layout_ = text;
    const std::string tmp = options_.dump_layout + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        out << text << '\n';
        if (!out) {
            std::fprintf(stderr, "treadguard-hmi: cannot write %s\n", tmp.c_str());
            return;
        }
    }
    std::rename(tmp.c_str(), options_.dump_layout.c_str()); // readers never see half a file
}

int HmiWindow::run(ApiClient& api) {
    HmiApp app(api, ui_);
    Biofeedback feedback(options_.sound);
    ui_.sound = &feedback.prefs();
    const auto t0 = std::chrono::steady_clock::now();
    const double period = 1.0 / options_.fps;
    int frames = 0;
    while (!quit_ && stop_signal == 0) {
        const auto frame_start = std::chrono::steady_clock::now();
        SDL_Event event;
        while (SDL_PollEvent(&event) != 0)
            handle_event(event);
        const double now = seconds_since(t0);
        api.update(now);
        feedback.frame(now, api, app.plan());
        render(app, now, feedback);
        const double took = seconds_since(frame_start);
        if (options_.bench_frames > 0) {
            stats_.add(took);
            if (++frames >= options_.bench_frames) break;
            continue;
        }
        if (took < period) // idle until the next frame; SDL wakes us early for input
            SDL_WaitEventTimeout(nullptr, static_cast<int>((period - took) * 1000.0));
    }
    ui_.sound = nullptr; // the biofeedback ends with this loop
    if (options_.bench_frames > 0)
        std::printf("bench frames=%zu p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n", stats_.count(),
                    stats_.percentile(50) * 1e3, stats_.percentile(99) * 1e3, stats_.max() * 1e3);
    return 0;
}

} // namespace tg::hmi
