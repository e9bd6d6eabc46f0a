#pragma once
// Kinematics of synthetic people: the paper's seven actions as smooth, physically plausible
// motion of the 19 keypoints, evaluated at any time (so mocap, insoles and cameras can sample it at
// their own rates). Stance feet stay planted, feet never go below the floor, and every action
// starts and ends in a neutral stance so that actions chain without jumps. Also reports, per foot,
// the contact state that drives the pressure model.
#include "insolepose/Skeleton.h"
#include "insolepose/synth/Subject.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace insolepose::synth {

enum class Action { Squat, Lunge, WarmUp, Walking, WalkingInPlace, BackwardWalking, SideWalking };

/// Names as in the label vocabulary: squat, lunge, warm-up, walking, walking-in-place,
/// backward-walking, side-walking.
std::string_view actionName(Action a);
std::optional<Action> parseAction(std::string_view name);
const std::array<Action, 7>& allActions();

/// A movement at the start of a session that shows in both the pressure and a video, so that
/// `insolepose sync` can line them up (docs/IMPORT.md): none, a jump (both feet leave the floor and
/// land together) or a stomp (the right foot is lifted and stamped down).
enum class SyncGesture { None, Jump, Stomp };
std::string_view syncGestureName(SyncGesture g);
std::optional<SyncGesture> parseSyncGesture(std::string_view name);
/// How long a gesture takes, seconds (0 for none); the plan's actions start after it.
double syncGestureDuration_s(SyncGesture g);

struct FootContact {
    bool stance = false; ///< The foot is on the floor.
    float support = 0.0f; ///< Share of body weight on this foot (the two add up to 1).
    float pitch_rad = 0.0f; ///< + toes up (rolling over the heel), - heel up (over the forefoot).
    float roll = 0.0f; ///< Load shift across the foot: -1 medial .. +1 lateral.
    float heelBias = 0.0f; ///< Extra load on the heel (squat depth), 0..1.
};

struct BodySample {
    Pose pose;
    FootPair<FootContact> feet;
    float verticalAccel_mps2 = 0.0f; ///< Of the pelvis (a stand-in for the centre of mass).
    Action action = Action::Walking;
};

struct ActionSegment {
    Action action;
    double start_s;
    double end_s;
};

class MotionTimeline {
public:
    /// Chains `plan` (action, duration in seconds) for `subject`, after `gesture` when there is
    /// one (segments() then starts at its end); `seed` varies tempo, amplitude, turns and which leg
    /// leads.
    MotionTimeline(const Subject& subject, const std::vector<std::pair<Action, double>>& plan, std::uint32_t seed,
                   SyncGesture gesture = SyncGesture::None);
    ~MotionTimeline();
    MotionTimeline(MotionTimeline&&) noexcept;

    double duration_s() const;
    const std::vector<ActionSegment>& segments() const;
    const Subject& subject() const;
    /// The body at time t (clamped to the timeline).
    BodySample sample(double t_s) const;
    /// Only the feet's contact states at time t (cheaper than sample()).
    FootPair<FootContact> contacts(double t_s) const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace insolepose::synth
