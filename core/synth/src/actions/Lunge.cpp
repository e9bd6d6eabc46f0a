// Synthetic lunges, alternating legs.
#include "actions/Segment.h"

namespace insolepose::synth::actions {

using namespace detail;

namespace {

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
    void evaluate(float t, Posture& p, FootPair<FootContact>& c) const override
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
        float out = 0.0f; // 0 feet together .. 1 front foot forward
        float depth = 0.0f; // 0 standing .. 1 bottom of the lunge
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

} // namespace

std::unique_ptr<Segment> makeLunge(const Subject& s, Anchor start, float duration, std::mt19937& rng)
{
    return std::make_unique<LungeSegment>(s, start, duration, rng);
}

} // namespace insolepose::synth::actions
