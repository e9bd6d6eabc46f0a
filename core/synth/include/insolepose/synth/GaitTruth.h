#pragma once
// The true gait events of a synthetic timeline: when each foot starts to carry load (touch-down,
// "heel strike") and stops (lift-off, "toe off"), found from the contact states that drive the
// pressure model. Written into synthetic sessions as gait_events_true.json (docs/SESSION_FORMAT.md)
// so that detected events can be scored (docs/GAIT.md). Errors: IoError from writing.
#include "insolepose/Tactile.h"
#include "insolepose/Time.h"
#include "insolepose/synth/Motion.h"

#include <filesystem>
#include <vector>

namespace insolepose::synth {

/// The file name of the true events inside a session folder.
inline constexpr const char* kTrueGaitEventsFile = "gait_events_true.json";

struct TrueGaitEvent {
    Foot foot = Foot::Left;
    bool heelStrike = true; ///< Else toe off.
    TimeNs time_ns = 0; ///< Session clock (the keypoints' clock: t seconds of the timeline).
};

/// Every touch-down and lift-off of either foot in time order. A foot carries load while it is in
/// stance with a positive share of body weight; transitions are located to `resolution_s`.
std::vector<TrueGaitEvent> trueGaitEvents(const MotionTimeline& timeline, double resolution_s = 0.001);

/// Writes `events` as gait_events_true.json into `sessionDir` (the format of gait_events.json,
/// with "source": "synthetic-truth").
void writeTrueGaitEvents(const std::filesystem::path& sessionDir, const std::vector<TrueGaitEvent>& events);

} // namespace insolepose::synth
