#pragma once
// The building block of synthetic motion (docs/SYNTHETIC_DATA.md): one action over a span of time,
// evaluated at any local time into a posture and the two feet's contact states. Each action lives
// in its own file (Gait.cpp, Squat.cpp, Lunge.cpp, WarmUp.cpp) behind a factory declared here.
#include "Body.h"
#include "insolepose/synth/Motion.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <numbers>
#include <random>

namespace insolepose::synth::actions {

using detail::Posture;
using detail::smoothstep;

constexpr float kPi = std::numbers::pi_v<float>;
constexpr float kRamp_s = 1.0f; // every action eases in and out of a neutral stance

struct Anchor {
    Eigen::Vector2f centre{0.0f, 0.0f};
    float heading = kPi / 2;
};

inline float envelope(float t, float duration)
{
    const float ramp = std::min(kRamp_s, 0.5f * duration);
    return smoothstep(t / ramp) * smoothstep((duration - t) / ramp);
}

inline float wrapAngle(float a)
{
    while (a > kPi)
        a -= 2 * kPi;
    while (a < -kPi)
        a += 2 * kPi;
    return a;
}

// ---------------------------------------------------------------------------------------------
class Segment {
public:
    Segment(const Subject& s, Anchor start, float duration) : m_s(s), m_start(start), m_duration(duration) {}
    virtual ~Segment() = default;
    virtual void evaluate(float t, Posture& p, FootPair<FootContact>& c) const = 0;
    Anchor end() const { return m_end; }

protected:
    const Subject& m_s;
    Anchor m_start;
    Anchor m_end;
    float m_duration;
};

/// Feet stay where a neutral stance puts them; the weight is shared evenly unless told otherwise.
inline void plantedContacts(FootPair<FootContact>& c, float leftShare)
{
    for (int f = 0; f < 2; ++f) {
        c[f] = FootContact{};
        c[f].stance = true;
        c[f].support = f == 0 ? leftShare : 1.0f - leftShare;
    }
}

/// Walking, backward walking, side walking or walking in place.
std::unique_ptr<Segment> makeGait(const Subject& s, Anchor start, float duration, Action action, std::mt19937& rng);
std::unique_ptr<Segment> makeSquat(const Subject& s, Anchor start, float duration, std::mt19937& rng);
/// Alternating legs.
std::unique_ptr<Segment> makeLunge(const Subject& s, Anchor start, float duration, std::mt19937& rng);
/// Arm circles, torso twists and side bends.
std::unique_ptr<Segment> makeWarmUp(const Subject& s, Anchor start, float duration, std::mt19937& rng);
/// A jump or a stomp to synchronise video and pressure by (SyncGesture.cpp).
std::unique_ptr<Segment> makeSyncGesture(const Subject& s, Anchor start, float duration, SyncGesture gesture,
                                         std::mt19937& rng);

} // namespace insolepose::synth::actions
