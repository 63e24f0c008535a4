#include "hmi/feedback/speech_worker.hpp"

#include "hmi/audio/wav_pcm.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace tg::hmi {

std::string run_espeak(const std::string& program, const std::string& voice,
                       const std::string& text, std::string& error) {
    int out[2];
    if (pipe(out) != 0) {
        error = std::string("pipe: ") + std::strerror(errno);
        return {};
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    // No shell: the phrase is one argument whatever it contains.
    std::vector<std::string> args{program, "--stdout", "-v", voice, "-s", "165", text};
    std::vector<char*> argv;
    for (std::string& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    std::string bytes;
    if (rc == 0) {
        char buf[8192];
        for (ssize_t n; (n = read(out[0], buf, sizeof buf)) != 0;) {
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) break;
            bytes.append(buf, static_cast<std::size_t>(n));
        }
    }
    close(out[0]);
    if (rc != 0) {
        error = program + ": " + std::strerror(rc);
        return {};
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        error = program + " failed for \"" + text + "\"";
        return {};
    }
    return bytes;
}

SpeechWorker::SpeechWorker(SoundBank& bank, CueLanguage language, std::string program)
    : bank_(bank), language_(language), program_(std::move(program)) {
    thread_ = std::thread([this] { run(); });
}

SpeechWorker::~SpeechWorker() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

std::string SpeechWorker::error() const {
    return done_.load() ? error_ : std::string();
}

void SpeechWorker::run() {
    for (int i = 0; i < cue_count && !stop_; ++i) {
        const Cue cue = static_cast<Cue>(i);
        std::string error;
        const std::string wav =
            run_espeak(program_, espeak_voice(language_), cue_phrase(cue, language_), error);
        auto clip = wav.empty() ? std::nullopt : audio::pcm_from_wav(wav, error);
        if (!clip) {
            if (error_.empty()) error_ = error;
            if (wav.empty()) break; // no program: do not try eleven more times
            continue;
        }
        bank_.set_speech(cue, *clip);
        ++rendered_;
    }
    done_ = true;
    // Said once, for the operator's log and for tests that wait for spoken cues.
    std::printf("speech ready phrases=%d\n", rendered_.load());
    std::fflush(stdout);
}

} // namespace tg::hmi
