// Synthetic warm-up: arm circles, torso twists and side bends.
#include "actions/Segment.h"

namespace insolepose::synth::actions {

using namespace detail;

namespace {

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
    void evaluate(float t, Posture& p, FootPair<FootContact>& c) const override
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

std::unique_ptr<Segment> makeWarmUp(const Subject& s, Anchor start, float duration, std::mt19937& rng)
{
    return std::make_unique<WarmUpSegment>(s, start, duration, rng);
}

} // namespace insolepose::synth::actions
