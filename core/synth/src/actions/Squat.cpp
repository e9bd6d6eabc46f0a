// Synthetic squats.
#include "actions/Segment.h"

namespace insolepose::synth::actions {

using namespace detail;

namespace {

class SquatSegment : public Segment {
public:
    SquatSegment(const Subject& s, Anchor start, float duration, std::mt19937& rng) : Segment(s, start, duration)
    {
        std::uniform_real_distribution<float> u01(0.0f, 1.0f);
        m_period = (3.2f + 0.8f * u01(rng)) / s.tempo;
        m_depth = 0.5f * (s.thigh_m + s.shank_m) * s.amplitude * (0.85f + 0.25f * u01(rng));
        m_end = start;
    }
    void evaluate(float t, Posture& p, FootPair<FootContact>& c) const override
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

} // namespace

std::unique_ptr<Segment> makeSquat(const Subject& s, Anchor start, float duration, std::mt19937& rng)
{
    return std::make_unique<SquatSegment>(s, start, duration, rng);
}

} // namespace insolepose::synth::actions
