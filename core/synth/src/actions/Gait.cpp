// Synthetic gaits: walking, backward walking, side walking and walking in place.
#include "actions/Segment.h"

namespace insolepose::synth::actions {

using namespace detail;

namespace {

class GaitSegment : public Segment {
public:
    GaitSegment(const Subject& s, Anchor start, float duration, Action action, std::mt19937& rng)
        : Segment(s, start, duration), m_action(action)
    {
        std::uniform_real_distribution<float> u01(0.0f, 1.0f);
        const float tempo = s.tempo * (0.95f + 0.1f * u01(rng));
        const float amp = s.amplitude * (0.92f + 0.16f * u01(rng));
        // Speed follows from the step length (a fraction of body height) and the stride time.
        float step = 0.0f;
        switch (action) {
        case Action::Walking: m_stride = 1.1f / tempo, step = 0.34f, m_lift = 0.07f, m_swingFrac = 0.38f; break;
        case Action::BackwardWalking: m_stride = 1.3f / tempo, step = 0.22f, m_lift = 0.06f, m_swingFrac = 0.38f; break;
        case Action::SideWalking: m_stride = 1.4f / tempo, step = 0.12f, m_lift = 0.06f, m_swingFrac = 0.4f; break;
        default: // walking in place
            m_stride = 1.0f / tempo, step = 0.0f, m_lift = 0.16f * amp, m_swingFrac = 0.42f;
            break;
        }
        m_speed = 2.0f * step * s.height_m * amp / m_stride;
        m_turnPhase = 2 * kPi * u01(rng);
        m_turnAmp = 0.25f + 0.2f * u01(rng);
        m_sideSign = u01(rng) < 0.5f ? 1.0f : -1.0f;
        buildReference();
        buildSteps(u01(rng) < 0.5f ? 0 : 1);
    }

    void evaluate(float t, Posture& p, FootPair<FootContact>& c) const override
    {
        const float env = envelope(t, m_duration);
        const RefState r = refAt(t);
        p = neutralPosture(m_s, r.pos, r.heading);
        float weight[2];
        float progress[2]; // forward position of each foot along the heading, for arm swing
        for (int f = 0; f < 2; ++f) {
            FootPlacement& fp = p.feet[f];
            FootContact& fc = c[f];
            fc = FootContact{};
            const auto& steps = m_steps[f];
            // Which step interval are we in?
            std::size_t k = 0;
            while (k < steps.size() && steps[k].land <= t)
                ++k;
            // k: index of the next landing; steps[k-1] landed before t (or none).
            const Footprint& prev = k == 0 ? m_initial[f] : steps[k - 1].print;
            const bool swinging = k < steps.size() && t >= steps[k].liftOff;
            if (swinging) {
                const Step& st = steps[k];
                const float u = (t - st.liftOff) / (st.land - st.liftOff);
                const float w = smoothstep(u);
                fp.centre = prev.centre + w * (st.print.centre - prev.centre);
                fp.yaw = prev.yaw + w * wrapAngle(st.print.yaw - prev.yaw);
                fp.lift_m = m_lift * env * std::sin(kPi * u);
                fp.pitch = pitchEnd() + u * (pitchStart() - pitchEnd());
                fp.pitch *= env;
                fp.stance = false;
                fp.reach = std::max(smoothstep(1.0f - u / 0.5f), smoothstep((u - 0.5f) / 0.5f));
                weight[f] = 0.0f;
            } else {
                fp.centre = prev.centre;
                fp.yaw = prev.yaw;
                fp.stance = true;
                const float landed = k == 0 ? -1e9f : steps[k - 1].land;
                const float lifts = k < steps.size() ? steps[k].liftOff : 1e9f;
                // Stance phase 0 (landing) .. 1 (lift-off); the first stance has no landing and the
                // last no lift-off, so they start and end flat (phase 0.5).
                const float stanceDur = (1.0f - m_swingFrac) * m_stride;
                float s;
                if (k == 0)
                    s = std::clamp(1.0f - (lifts - t) / stanceDur, 0.5f, 1.0f);
                else if (k == steps.size())
                    s = std::clamp((t - landed) / stanceDur, 0.0f, 0.5f);
                else
                    s = std::clamp((t - landed) / std::max(1e-3f, lifts - landed), 0.0f, 1.0f);
                fp.pitch = stancePitch(s) * env;
                const float ds = 0.1f * m_stride + 1e-3f; // double-support time
                weight[f] = std::min(1.0f, (t - landed) / ds) * std::min(1.0f, (lifts - t) / ds);
                if (m_action == Action::SideWalking && k > 0 && k < steps.size()) {
                    // The leading foot lands on its outer edge; the trailing foot pushes off medially.
                    const bool leading = steps[k - 1].leading;
                    fc.roll = leading ? 0.6f * std::max(0.0f, 1.0f - s / 0.3f) * env
                                      : -0.6f * std::max(0.0f, (s - 0.6f) / 0.4f) * env;
                }
            }
            fc.stance = fp.stance;
            fc.pitch_rad = fp.pitch;
            progress[f] = (fp.centre - r.pos).dot(forwardOf(r.heading).head<2>());
        }
        const float total = weight[0] + weight[1];
        for (int f = 0; f < 2; ++f)
            c[f].support = total > 0 ? weight[f] / total : 0.5f;

        // Pelvis: sways over the loaded foot, highest in single support.
        const Eigen::Vector3f l = leftOf(r.heading);
        p.pelvis.head<2>() += (c[0].support - c[1].support) * 0.025f * env * l.head<2>();
        // Highest in mid single support, lowest in double support: twice per stride.
        const float bobPhase = 4.0f * kPi * (t - m_firstSingleSupport) / m_stride;
        const float crouch = (m_action == Action::Walking || m_action == Action::BackwardWalking) ? 0.04f : 0.02f;
        p.pelvis.z() += env * (0.025f * std::cos(bobPhase) - crouch);
        // Arms swing against the legs.
        float swing = 0.0f;
        if (m_action == Action::WalkingInPlace)
            swing = (p.feet[1].lift_m - p.feet[0].lift_m) / std::max(0.05f, m_lift);
        else if (m_action != Action::SideWalking)
            swing = (progress[1] - progress[0]) / std::max(0.2f, 0.5f * m_speed * m_stride);
        swing = std::clamp(swing, -1.2f, 1.2f);
        p.arms[0].flexion = 0.05f + 0.35f * swing * env;
        p.arms[1].flexion = 0.05f - 0.35f * swing * env;
        p.arms[0].elbow = p.arms[1].elbow = 0.2f + 0.25f * env;
        p.lean = (m_action == Action::Walking ? 0.05f : m_action == Action::BackwardWalking ? -0.03f : 0.0f) * env;
    }

private:
    struct Footprint {
        Eigen::Vector2f centre;
        float yaw;
    };
    struct Step {
        float liftOff, land;
        Footprint print;
        bool leading; // side walking: this foot steps in the direction of travel
    };
    struct RefState {
        Eigen::Vector2f pos;
        float heading;
    };

    // Stance pitch over stance phase s (0 landing .. 1 lift-off) and the swing's end values.
    float stancePitch(float s) const
    {
        switch (m_action) {
        case Action::Walking: // heel strike, flat foot, heel off to toe off
            if (s < 0.15f)
                return 0.26f * (1.0f - s / 0.15f);
            return s < 0.55f ? 0.0f : -0.6f * (s - 0.55f) / 0.45f;
        case Action::BackwardWalking: // forefoot first, flat, toes lift last
            if (s < 0.15f)
                return -0.25f * (1.0f - s / 0.15f);
            return s < 0.6f ? 0.0f : 0.3f * (s - 0.6f) / 0.4f;
        case Action::WalkingInPlace: // land on the forefoot, heel rises first at push-off
            if (s < 0.2f)
                return -0.35f * (1.0f - s / 0.2f);
            return s < 0.75f ? 0.0f : -0.5f * (s - 0.75f) / 0.25f;
        default: return 0.0f;
        }
    }
    float pitchStart() const { return stancePitch(0.0f); }
    float pitchEnd() const { return stancePitch(1.0f); }

    void buildReference()
    {
        const float dt = 0.01f;
        const std::size_t n = static_cast<std::size_t>(m_duration / dt) + 2;
        m_ref.resize(n);
        Eigen::Vector2f pos = m_start.centre;
        float heading = m_start.heading;
        for (std::size_t i = 0; i < n; ++i) {
            const float t = float(i) * dt;
            m_ref[i] = {pos, heading};
            // The body stops travelling a stride and a half before the end so that the last
            // steps close the stance instead of chasing a moving body.
            const float travelEnd = std::max(0.5f * m_duration, m_duration - 1.5f * m_stride - 0.3f);
            const float env = envelope(std::min(t, travelEnd), travelEnd);
            Eigen::Vector2f dir;
            const Eigen::Vector2f fwd = forwardOf(heading).head<2>();
            const Eigen::Vector2f left = leftOf(heading).head<2>();
            if (m_action == Action::SideWalking) {
                // Change direction every ~8 s, and head back when far from the middle.
                float sign = std::sin(2 * kPi * t / 16.0f + m_turnPhase) >= 0 ? m_sideSign : -m_sideSign;
                if (pos.norm() > 1.8f)
                    sign = left.dot(-pos) >= 0 ? 1.0f : -1.0f;
                dir = sign * left;
            } else if (m_action == Action::Walking || m_action == Action::BackwardWalking) {
                const float sign = m_action == Action::Walking ? 1.0f : -1.0f;
                float omega = m_turnAmp * std::sin(2 * kPi * t / 9.0f + m_turnPhase);
                if (pos.norm() > 1.6f) { // steer the direction of travel back to the middle
                    const float travel = std::atan2(sign * fwd.y(), sign * fwd.x());
                    const float toCentre = std::atan2(-pos.y(), -pos.x());
                    omega += 1.2f * wrapAngle(toCentre - travel) * std::min(1.0f, pos.norm() - 1.6f + 0.3f);
                }
                heading += omega * env * dt;
                dir = sign * fwd;
            } else {
                dir = Eigen::Vector2f::Zero();
            }
            pos += dir * (m_speed * env * dt);
        }
        m_end = {m_ref.back().pos, m_ref.back().heading};
    }

    RefState refAt(float t) const
    {
        const float x = std::clamp(t / 0.01f, 0.0f, float(m_ref.size() - 1));
        const std::size_t i = std::min(static_cast<std::size_t>(x), m_ref.size() - 2);
        const float w = x - float(i);
        return {m_ref[i].pos + w * (m_ref[i + 1].pos - m_ref[i].pos),
                m_ref[i].heading + w * (m_ref[i + 1].heading - m_ref[i].heading)};
    }

    Footprint neutralPrint(int foot, float t) const
    {
        const RefState r = refAt(t);
        const Posture n = neutralPosture(m_s, r.pos, r.heading);
        return {n.feet[foot].centre, n.feet[foot].yaw};
    }

    void buildSteps(int firstFoot)
    {
        for (int f = 0; f < 2; ++f)
            m_initial[f] = neutralPrint(f, 0.0f);
        const float swing = m_swingFrac * m_stride;
        const float lastLanding = m_duration - 0.35f;
        m_firstSingleSupport = 0.3f + 0.5f * swing;
        for (int f = 0; f < 2; ++f) {
            const float offset = (f == firstFoot ? 0.0f : 0.5f * m_stride);
            for (float liftOff = 0.3f + offset;; liftOff += m_stride) {
                const float land = liftOff + swing;
                if (land > lastLanding)
                    break;
                // Land where the body will be at mid-stance, so the leg reaches as far forward at
                // heel strike as backward at toe-off.
                const float target = std::min(land + 0.5f * (1.0f - m_swingFrac) * m_stride, m_duration);
                Step st{liftOff, land, neutralPrint(f, target), false};
                if (m_action == Action::SideWalking) {
                    const Eigen::Vector2f travel = refAt(land + 0.01f).pos - refAt(land).pos;
                    const Eigen::Vector2f outward = (f == 0 ? 1.0f : -1.0f) * leftOf(refAt(land).heading).head<2>();
                    st.leading = travel.dot(outward) > 0;
                }
                m_steps[f].push_back(st);
            }
            // The last step lands exactly in the final neutral stance.
            if (!m_steps[f].empty())
                m_steps[f].back().print = neutralPrint(f, m_duration);
            else
                m_initial[f] = neutralPrint(f, m_duration);
        }
    }

    Action m_action;
    float m_stride = 1.1f, m_speed = 1.0f, m_lift = 0.07f, m_swingFrac = 0.38f;
    float m_turnPhase = 0.0f, m_turnAmp = 0.3f, m_sideSign = 1.0f;
    float m_firstSingleSupport = 0.0f; ///< Middle of the first single-support phase.
    std::vector<RefState> m_ref;
    Footprint m_initial[2];
    std::vector<Step> m_steps[2];
};

} // namespace

std::unique_ptr<Segment> makeGait(const Subject& s, Anchor start, float duration, Action action, std::mt19937& rng)
{
    return std::make_unique<GaitSegment>(s, start, duration, action, rng);
}

} // namespace insolepose::synth::actions
