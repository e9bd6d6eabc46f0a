#pragma once
// Writes synthetic sessions in the project's session format: subjects doing the paper's actions,
// ground-truth keypoints at the mocap rate, raw insole frames at ~14 Hz with a wireless board's
// timing, action labels, and optionally camera videos with per-frame timestamps and XRMoCap
// camera parameters. Deterministic for a seed. Errors: whatever the session store reports.
#include "insolepose/synth/Motion.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace insolepose::synth {

struct SynthOptions {
    int subjects = 5;
    std::vector<Action> actions{allActions().begin(), allActions().end()};
    double minutesPerAction = 2.0;
    std::uint32_t seed = 7;
    int cameras = 1;
    bool video = true;
    /// One session per subject with every action in turn (else one per subject and action).
    bool mixed = false;
    /// A jump or stomp at the start of each session to synchronise video and pressure by.
    SyncGesture syncGesture = SyncGesture::None;
    double tactileRate_hz = 14.0;
    double mocapRate_hz = 30.0;
    double videoRate_hz = 30.0;
    int videoWidth = 640;
    int videoHeight = 480;
};

struct SynthProgress {
    std::size_t done = 0; ///< Work units (frames) finished over the whole run.
    std::size_t total = 0;
    std::string session; ///< The session being written.
};
using SynthProgressFn = std::function<void(const SynthProgress&)>;

struct SynthReport {
    std::vector<std::string> sessions;
    std::size_t tactileFrames = 0; ///< Both feet together.
    std::size_t keypointFrames = 0;
    std::size_t videoFrames = 0;
};

/// Writes every session of the dataset into `outDir` (created; must not hold the sessions yet)
/// and a dataset.json that lists them and the subjects.
SynthReport writeSynthDataset(const std::filesystem::path& outDir, const SynthOptions& options,
                              const SynthProgressFn& progress = {});

/// Writes one session for `timeline` into `dir`.
SynthReport writeSynthSession(const std::filesystem::path& dir, const std::string& sessionId,
                              const MotionTimeline& timeline, const SynthOptions& options, std::uint32_t seed,
                              const SynthProgressFn& progress = {}, std::size_t doneBefore = 0,
                              std::size_t totalWork = 0);

/// Work units writeSynthSession reports for a timeline of `duration_s` seconds.
std::size_t synthWorkUnits(double duration_s, const SynthOptions& options);

} // namespace insolepose::synth
