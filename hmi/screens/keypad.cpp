#include "hmi/screens/screens.hpp"
#include "hmi/ui/widgets.hpp"

namespace tg::hmi {

bool keypad(ScreenContext& ctx, const char* name, DigitEntry& entry, bool decimal, ImVec2 size) {
    static const char* const keys[12] = {"1", "2", "3", "4", "5", "6",
                                         "7", "8", "9", ".", "0", "<"};
    const float gap = ctx.ui.gap();
    const ImVec2 key((size.x - 2 * gap) / 3, (size.y - 3 * gap) / 4);
    bool ok = false;
    ImGui::BeginGroup(); // rows line up under the first key wherever the pad starts
    for (int i = 0; i < 12; ++i) {
        if (i % 3 != 0) ImGui::SameLine();
        const std::string key_name = std::string(name) + "-" +
                                     (i == 9    ? "dot"
                                      : i == 11 ? "back"
                                                : keys[i]);
        if (i == 9 && !decimal) {
            if (big_button(ctx.ui, (std::string(name) + "-ok").c_str(), "OK", key, Tone::go,
                           !entry.text().empty(), ctx.ui.fonts.large))
                ok = true;
            continue;
        }
        const std::string label = i == 11 ? "\xE2\x86\x90" : keys[i]; // left arrow
        if (!big_button(ctx.ui, key_name.c_str(), label, key, Tone::quiet, true,
                        ctx.ui.fonts.large))
            continue;
        if (i == 11)
            entry.backspace();
        else
            entry.key(keys[i][0]);
    }
    ImGui::EndGroup();
    return ok;
}

} // namespace tg::hmi
