#include "insolepose/synth/Motion.h"

#include "Body.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace insolepose::synth {

using namespace detail;

namespace {

constexpr float kPi = std::numbers::pi_v<float>;
constexpr float kRamp_s = 1.0f; // every action eases in and out of a neutral stance

struct Anchor {
    Eigen::Vector2f centre{0.0f, 0.0f};
    float heading = kPi / 2;
};

float envelope(float t, float duration)
{
    const float ramp = std::min(kRamp_s, 0.5f * duration);
    return smoothstep(t / ramp) * smoothstep((duration - t) / ramp);
}

float wrapAngle(float a)
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
    virtual void evaluate(float t, Posture& p, std::array<FootContact, 2>& c) const = 0;
    Anchor end() const { return m_end; }

protected:
    const Subject& m_s;
    Anchor m_start;
    Anchor m_end;
    float m_duration;
};

/// Feet stay where a neutral stance puts them; the weight is shared evenly unless told otherwise.
void plantedContacts(std::array<FootContact, 2>& c, float leftShare)
{
    for (int f = 0; f < 2; ++f) {
        c[f] = FootContact{};
        c[f].stance = true;
        c[f].support = f == 0 ? leftShare : 1.0f - leftShare;
    }
}

// --- gaits: walking, backward walking, side walking, walking in place -------------------------
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
        case Action::Walking:
            m_stride = 1.1f / tempo, step = 0.34f, m_lift = 0.07f, m_swingFrac = 0.38f;
            break;
        case Action::BackwardWalking:
            m_stride = 1.3f / tempo, step = 0.22f, m_lift = 0.06f, m_swingFrac = 0.38f;
            break;
        case Action::SideWalking:
            m_stride = 1.4f / tempo, step = 0.12f, m_lift = 0.06f, m_swingFrac = 0.4f;
            break;
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

    void evaluate(float t, Posture& p, std::array<FootContact, 2>& c) const override
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
        default:
            return 0.0f;
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

// --- squat ----------------------------------------------------------------------------------
class SquatSegment : public Segment {
public:
    SquatSegment(const Subject& s, Anchor start, float duration, std::mt19937& rng) : Segment(s, start, duration)
    {
        std::uniform_real_distribution<float> u01(0.0f, 1.0f);
        m_period = (3.2f + 0.8f * u01(rng)) / s.tempo;
        m_depth = 0.5f * (s.thigh_m + s.shank_m) * s.amplitude * (0.85f + 0.25f * u01(rng));
        m_end = start;
    }
    void evaluate(float t, Posture& p, std::array<FootContact, 2>& c) const override
    {
        const float env = envelope(t, m_duration);
        const float d = env * 0.5f * (1.0f - std::cos(2 * kPi * t / m_period));
        p = neutralPosture(m_s, m_start.centre, m_start.heading);
        // The feet stay in the neutral stance the previous action ended in (moving them would be
        // sliding); the hips go back and down, the trunk leans and the arms reach forward.
        const Eigen::Vector3f f = forwardOf(m_start.heading);
        p.pelvis -= f * (0.2f * m_depth * d);
        p.pelvis.z() -= m_depth * d;
        p.lean = 0.65f * d;
        for (auto& a : p.arms) {
            a.flexion = 0.05f + 1.35f * d;
            a.elbow = 0.2f - 0.1f * d;
        }
        plantedContacts(c, 0.5f + 0.02f * std::sin(2 * kPi * t / 5.3f));
        for (auto& fc : c)
            fc.heelBias = d;
    }

private:
    float m_period, m_depth;
};

// --- lunge (alternating legs) -------------------------------------------------------------------
class LungeSegment : public Segment {
public:
    LungeSegment(const Subject& s, Anchor start, float duration, std::mt19937& rng) : Segment(s, start, duration)
    {
        std::uniform_real_distribution<float> u01(0.0f, 1.0f);
        m_period = (3.6f + 0.8f * u01(rng)) / s.tempo;
        m_step = 0.40f * s.height_m * s.amplitude * (0.9f + 0.15f * u01(rng));
        m_drop = 0.36f * (s.thigh_m + s.shank_m) * s.amplitude;
        m_firstLeg = u01(rng) < 0.5f ? 0 : 1;
        m_cycles = std::max(0, int((duration - 2 * kRamp_s) / m_period));
        m_lead = 0.5f * (duration - float(m_cycles) * m_period);
        m_end = start;
    }
    void evaluate(float t, Posture& p, std::array<FootContact, 2>& c) const override
    {
        p = neutralPosture(m_s, m_start.centre, m_start.heading);
        plantedContacts(c, 0.5f);
        const float hands = envelope(t, m_duration); // hands go to the hips and come back
        for (auto& a : p.arms) {
            a.flexion = 0.05f + 0.2f * hands;
            a.abduction = 0.08f + 0.37f * hands;
            a.elbow = 0.2f + 1.5f * hands;
        }
        const float tc = t - m_lead;
        const int cycle = int(std::floor(tc / m_period));
        if (tc < 0 || cycle >= m_cycles)
            return; // standing before the first and after the last lunge
        const float u = tc / m_period - float(cycle);
        const int front = (m_firstLeg + cycle) % 2;
        const int rear = 1 - front;
        const Eigen::Vector3f f = forwardOf(m_start.heading);
        // Phases: step out, go down, come up, step back, rest.
        float out = 0.0f;    // 0 feet together .. 1 front foot forward
        float depth = 0.0f;  // 0 standing .. 1 bottom of the lunge
        bool swing = false;
        float swingU = 0.0f;
        if (u < 0.2f) {
            swing = true, swingU = u / 0.2f, out = smoothstep(swingU);
        } else if (u < 0.47f) {
            out = 1.0f, depth = smoothstep((u - 0.2f) / 0.27f);
        } else if (u < 0.74f) {
            out = 1.0f, depth = smoothstep(1.0f - (u - 0.47f) / 0.27f);
        } else if (u < 0.94f) {
            swing = true, swingU = (u - 0.74f) / 0.2f, out = smoothstep(1.0f - swingU);
        }
        FootPlacement& fp = p.feet[front];
        fp.centre += f.head<2>() * (m_step * out);
        if (swing) {
            fp.stance = false;
            fp.lift_m = 0.08f * std::sin(kPi * swingU);
            fp.pitch = 0.15f * std::sin(kPi * swingU);
            fp.reach = std::max(smoothstep(1.0f - swingU / 0.4f), smoothstep((swingU - 0.6f) / 0.4f));
        }
        // The rear heel rises as the body goes forward and down: the forefoot takes the load.
        p.feet[rear].pitch = -(0.15f * out + 0.55f * depth);
        p.pelvis += f * (m_step * (0.3f * out + 0.15f * depth));
        p.pelvis.z() -= m_drop * depth + 0.03f * out;
        c[front].stance = !swing;
        c[front].support = swing ? 0.0f : 0.5f + 0.1f * depth;
        c[rear].support = 1.0f - c[front].support;
        c[front].pitch_rad = fp.pitch;
        c[rear].pitch_rad = p.feet[rear].pitch;
        c[front].heelBias = 0.2f * depth;
    }

private:
    float m_period, m_step, m_drop, m_lead;
    int m_firstLeg, m_cycles;
};

// --- warm-up: arm circles, torso twists, side bends ----------------------------------------------
class WarmUpSegment : public Segment {
public:
    WarmUpSegment(const Subject& s, Anchor start, float duration, std::mt19937& rng) : Segment(s, start, duration)
    {
        std::uniform_real_distribution<float> u01(0.0f, 1.0f);
        m_circle = (1.8f + 0.5f * u01(rng)) / s.tempo;
        m_twist = (2.6f + 0.6f * u01(rng)) / s.tempo;
        m_bend = (3.4f + 0.8f * u01(rng)) / s.tempo;
        m_firstExercise = int(u01(rng) * 3.0f) % 3;
        m_end = start;
    }
    void evaluate(float t, Posture& p, std::array<FootContact, 2>& c) const override
    {
        p = neutralPosture(m_s, m_start.centre, m_start.heading);
        plantedContacts(c, 0.5f);
        // Each exercise runs a whole number of its cycles, so the body is neutral between them.
        const float periods[3] = {m_circle, m_twist, m_bend};
        const int reps[3] = {3, 2, 2};
        float t0 = std::min(kRamp_s, 0.5f * m_duration) * 0.5f;
        int e = m_firstExercise;
        if (t < t0)
            return;
        for (;;) {
            const float len = periods[e] * float(reps[e]);
            if (t0 + len > m_duration - 0.3f)
                return;
            if (t < t0 + len) {
                const float tl = t - t0;
                const float ph = 2 * kPi * tl / periods[e];
                const float env = std::sin(kPi * tl / len); // eases in and out of each exercise
                if (e == 0) {
                    for (auto& a : p.arms) {
                        a.flexion = 0.05f + ph; // full circles in the sagittal plane
                        a.abduction = 0.08f + 0.17f * env;
                        a.elbow = 0.2f - 0.1f * env;
                    }
                } else if (e == 1) {
                    p.twist = 0.65f * m_s.amplitude * std::sin(ph);
                    for (auto& a : p.arms) {
                        a.abduction = 0.08f + 1.3f * env;
                        a.elbow = 0.2f + 0.5f * env;
                    }
                } else {
                    const float bend = 0.42f * m_s.amplitude * std::sin(ph);
                    p.sideBend = bend;
                    p.arms[0].abduction = 0.08f + 2.6f * std::max(0.0f, std::sin(ph)) * env; // left arm over the head
                    p.arms[1].abduction = 0.08f + 2.6f * std::max(0.0f, -std::sin(ph)) * env;
                    p.pelvis.head<2>() += leftOf(m_start.heading).head<2>() * (0.04f * bend);
                    plantedContacts(c, 0.5f - 0.25f * bend);
                    c[0].roll = -0.5f * bend; // bending right loads the left foot's medial side
                    c[1].roll = 0.5f * bend;
                }
                return;
            }
            t0 += len;
            e = (e + 1) % 3;
        }
    }

private:
    float m_circle, m_twist, m_bend;
    int m_firstExercise;
};

} // namespace

// ================================================================================================
std::string_view actionName(Action a)
{
    switch (a) {
    case Action::Squat: return "squat";
    case Action::Lunge: return "lunge";
    case Action::WarmUp: return "warm-up";
    case Action::Walking: return "walking";
    case Action::WalkingInPlace: return "walking-in-place";
    case Action::BackwardWalking: return "backward-walking";
    case Action::SideWalking: return "side-walking";
    }
    return "?";
}

std::optional<Action> parseAction(std::string_view name)
{
    for (Action a : allActions())
        if (actionName(a) == name)
            return a;
    return std::nullopt;
}

const std::array<Action, 7>& allActions()
{
    static const std::array<Action, 7> all = {Action::Squat, Action::Lunge, Action::WarmUp, Action::Walking,
                                              Action::WalkingInPlace, Action::BackwardWalking, Action::SideWalking};
    return all;
}

struct MotionTimeline::Impl {
    Subject subject;
    std::vector<ActionSegment> segments;
    std::vector<std::unique_ptr<Segment>> generators;

    void evaluate(double t, Posture& p, std::array<FootContact, 2>& c, Action* action) const
    {
        std::size_t i = 0;
        while (i + 1 < segments.size() && t >= segments[i].end_s)
            ++i;
        const double local = std::clamp(t - segments[i].start_s, 0.0, segments[i].end_s - segments[i].start_s);
        generators[i]->evaluate(float(local), p, c);
        if (action)
            *action = segments[i].action;
    }
};

MotionTimeline::MotionTimeline(const Subject& subject, const std::vector<std::pair<Action, double>>& plan,
                               std::uint32_t seed)
    : d(std::make_unique<Impl>())
{
    d->subject = subject;
    std::mt19937 rng(seed ^ 0x9e3779b9u);
    std::uniform_real_distribution<float> u01(0.0f, 1.0f);
    Anchor anchor{Eigen::Vector2f(0.4f * (u01(rng) - 0.5f), 0.4f * (u01(rng) - 0.5f)), kPi / 2 + 0.5f * (u01(rng) - 0.5f)};
    double t = 0;
    for (const auto& [action, duration] : plan) {
        const float len = float(std::max(duration, 2.5));
        std::unique_ptr<Segment> seg;
        switch (action) {
        case Action::Squat: seg = std::make_unique<SquatSegment>(d->subject, anchor, len, rng); break;
        case Action::Lunge: seg = std::make_unique<LungeSegment>(d->subject, anchor, len, rng); break;
        case Action::WarmUp: seg = std::make_unique<WarmUpSegment>(d->subject, anchor, len, rng); break;
        default: seg = std::make_unique<GaitSegment>(d->subject, anchor, len, action, rng); break;
        }
        anchor = seg->end();
        d->segments.push_back({action, t, t + len});
        d->generators.push_back(std::move(seg));
        t += len;
    }
    if (d->segments.empty())
        throw std::invalid_argument("MotionTimeline: empty plan");
}

MotionTimeline::~MotionTimeline() = default;
MotionTimeline::MotionTimeline(MotionTimeline&&) noexcept = default;

double MotionTimeline::duration_s() const { return d->segments.back().end_s; }
const std::vector<ActionSegment>& MotionTimeline::segments() const { return d->segments; }
const Subject& MotionTimeline::subject() const { return d->subject; }

BodySample MotionTimeline::sample(double t_s) const
{
    t_s = std::clamp(t_s, 0.0, duration_s());
    BodySample out;
    Posture p;
    d->evaluate(t_s, p, out.feet, &out.action);
    out.pose = buildPose(d->subject, p);
    // Vertical acceleration of the pelvis by central differences.
    const double h = 0.01;
    auto pelvisZ = [&](double t) {
        Posture q;
        std::array<FootContact, 2> c;
        d->evaluate(std::clamp(t, 0.0, duration_s()), q, c, nullptr);
        buildPose(d->subject, q);
        return double(q.pelvis.z());
    };
    out.verticalAccel_mps2 = float((pelvisZ(t_s + h) - 2.0 * double(p.pelvis.z()) + pelvisZ(t_s - h)) / (h * h));
    return out;
}

} // namespace insolepose::synth
