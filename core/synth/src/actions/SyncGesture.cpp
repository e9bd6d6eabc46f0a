// Synthetic sync gestures (docs/SYNTHETIC_DATA.md): a jump (both feet leave the floor and land
// together) or a stomp (one foot is lifted and stamped down) at the start of a session, which
// `insolepose sync` finds in both the pressure and the video (docs/IMPORT.md).
#include "actions/Segment.h"

namespace insolepose::synth::actions {

using namespace detail;

namespace {

constexpr float kGravity = 9.81f;

/// Cubic Hermite from (t0, x0, velocity v0) to (t1, x1, v1), evaluated at t (clamped).
float hermite(float t, float t0, float x0, float v0, float t1, float x1, float v1)
{
    const float h = t1 - t0;
    const float s = std::clamp((t - t0) / h, 0.0f, 1.0f);
    const float s2 = s * s, s3 = s2 * s;
    return (2 * s3 - 3 * s2 + 1) * x0 + (s3 - 2 * s2 + s) * h * v0 + (-2 * s3 + 3 * s2) * x1 + (s3 - s2) * h * v1;
}

/// Counter-movement, push-off, a flight of `m_flight` seconds, landing with bent knees, standing.
class JumpSegment : public Segment {
public:
    JumpSegment(const Subject& s, Anchor start, float duration, std::mt19937& rng) : Segment(s, start, duration)
    {
        std::uniform_real_distribution<float> u01(0.0f, 1.0f);
        m_takeOff = 1.6f + 0.3f * u01(rng);
        m_flight = (0.26f + 0.08f * u01(rng)) * s.amplitude;
        m_end = start;
    }
    void evaluate(float t, Posture& p, FootPair<FootContact>& c) const override
    {
        p = neutralPosture(m_s, m_start.centre, m_start.heading);
        plantedContacts(c, 0.5f);
        const float v0 = 0.5f * kGravity * m_flight; // take-off speed of a ballistic flight
        const float land = m_takeOff + m_flight;
        const float dip = 0.12f, crouch = 0.10f;
        float dz = 0.0f; // pelvis height relative to standing
        if (t < m_takeOff - 0.25f)
            dz = hermite(t, m_takeOff - 0.7f, 0.0f, 0.0f, m_takeOff - 0.25f, -crouch, 0.0f);
        else if (t < m_takeOff)
            dz = hermite(t, m_takeOff - 0.25f, -crouch, 0.0f, m_takeOff, 0.0f, v0);
        else if (t < land) {
            const float tau = t - m_takeOff;
            const float lift = v0 * tau - 0.5f * kGravity * tau * tau;
            dz = lift;
            for (int f = 0; f < 2; ++f) {
                p.feet[f].stance = false;
                p.feet[f].lift_m = lift;
                p.feet[f].pitch = -0.25f * std::sin(kPi * tau / m_flight); // toes point down in the air
                p.feet[f].reach = 1.0f - smoothstep(tau / 0.06f) * smoothstep((m_flight - tau) / 0.06f);
                c[f] = FootContact{};
            }
        } else if (t < land + 0.18f)
            dz = hermite(t, land, 0.0f, -v0, land + 0.18f, -dip, 0.0f);
        else
            dz = hermite(t, land + 0.18f, -dip, 0.0f, land + 0.7f, 0.0f, 0.0f);
        p.pelvis.z() += dz;
        const float arms = std::clamp(-dz / crouch, 0.0f, 1.0f); // arms swing back in the crouch
        for (auto& a : p.arms)
            a.flexion = 0.05f - 0.5f * arms;
    }

private:
    float m_takeOff, m_flight;
};

/// Weight onto the other foot, one foot lifted, held, and stamped down hard.
class StompSegment : public Segment {
public:
    StompSegment(const Subject& s, Anchor start, float duration, std::mt19937& rng) : Segment(s, start, duration)
    {
        std::uniform_real_distribution<float> u01(0.0f, 1.0f);
        m_lift = 1.5f + 0.3f * u01(rng);
        m_hold = 0.25f + 0.15f * u01(rng);
        m_end = start;
    }
    void evaluate(float t, Posture& p, FootPair<FootContact>& c) const override
    {
        p = neutralPosture(m_s, m_start.centre, m_start.heading);
        const int stomper = 1, other = 0; // the right foot stamps
        const float up = 0.16f, raise = 0.35f, fall = 0.12f;
        const float land = m_lift + raise + m_hold + fall;
        // The weight moves onto the other foot before the lift and comes back with the stamp.
        const float weight = t < land ? hermite(t, m_lift - 0.5f, 0.0f, 0.0f, m_lift, 1.0f, 0.0f)
                                      : hermite(t, land, 1.0f, 0.0f, land + 0.3f, 0.0f, 0.0f);
        // The stamp's impact: the stamping foot briefly carries more than its half.
        const float impact = t >= land ? 0.25f * std::exp(-(t - land) / 0.06f) : 0.0f;
        plantedContacts(c, t < land ? 0.5f + 0.47f * weight : 0.5f - impact);
        const Eigen::Vector3f side = leftOf(m_start.heading);
        p.pelvis.head<2>() += side.head<2>() * (0.06f * weight);
        if (t < m_lift || t >= land)
            return;
        FootPlacement& f = p.feet[stomper];
        float lift = up;
        if (t < m_lift + raise)
            lift = hermite(t, m_lift, 0.0f, 0.0f, m_lift + raise, up, 0.0f);
        else if (t > land - fall) {
            const float u = (t - (land - fall)) / fall;
            lift = up * (1.0f - u * u); // accelerating down into the stamp
        }
        f.stance = false;
        f.lift_m = lift;
        f.reach = 1.0f - smoothstep(lift / 0.03f);
        c[stomper] = FootContact{};
        c[other].support = 1.0f;
    }

private:
    float m_lift, m_hold;
};

} // namespace

std::unique_ptr<Segment> makeSyncGesture(const Subject& s, Anchor start, float duration, SyncGesture gesture,
                                         std::mt19937& rng)
{
    if (gesture == SyncGesture::Stomp)
        return std::make_unique<StompSegment>(s, start, duration, rng);
    return std::make_unique<JumpSegment>(s, start, duration, rng);
}

} // namespace insolepose::synth::actions
