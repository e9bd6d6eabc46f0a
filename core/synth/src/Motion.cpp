#include "insolepose/synth/Motion.h"

#include "actions/Segment.h"

#include <algorithm>
#include <random>
#include <stdexcept>

namespace insolepose::synth {

using namespace detail;
using actions::Anchor;
using actions::kPi;
using actions::Segment;

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
    static const std::array<Action, 7> all = {Action::Squat,      Action::Lunge,          Action::WarmUp,
                                              Action::Walking,    Action::WalkingInPlace, Action::BackwardWalking,
                                              Action::SideWalking};
    return all;
}

std::string_view syncGestureName(SyncGesture g)
{
    switch (g) {
    case SyncGesture::None: return "none";
    case SyncGesture::Jump: return "jump";
    case SyncGesture::Stomp: return "stomp";
    }
    return "?";
}

std::optional<SyncGesture> parseSyncGesture(std::string_view name)
{
    for (SyncGesture g : {SyncGesture::None, SyncGesture::Jump, SyncGesture::Stomp})
        if (syncGestureName(g) == name)
            return g;
    return std::nullopt;
}

double syncGestureDuration_s(SyncGesture g) { return g == SyncGesture::None ? 0.0 : 4.0; }

struct MotionTimeline::Impl {
    Subject subject;
    std::vector<ActionSegment> segments;
    std::vector<std::unique_ptr<Segment>> generators;
    std::unique_ptr<Segment> gesture; ///< Before the first segment, when there is one.

    void evaluate(double t, Posture& p, FootPair<FootContact>& c, Action* action) const
    {
        if (gesture && t < segments.front().start_s) {
            gesture->evaluate(float(std::max(0.0, t)), p, c);
            if (action)
                *action = segments.front().action;
            return;
        }
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
                               std::uint32_t seed, SyncGesture gesture)
    : d(std::make_unique<Impl>())
{
    d->subject = subject;
    std::mt19937 rng(seed ^ 0x9e3779b9u);
    std::uniform_real_distribution<float> u01(0.0f, 1.0f);
    Anchor anchor{Eigen::Vector2f(0.4f * (u01(rng) - 0.5f), 0.4f * (u01(rng) - 0.5f)),
                  kPi / 2 + 0.5f * (u01(rng) - 0.5f)};
    double t = syncGestureDuration_s(gesture);
    if (gesture != SyncGesture::None) {
        std::mt19937 gestureRng(seed + 0x5bd1e995u); // the actions stay the same with or without a gesture
        d->gesture = actions::makeSyncGesture(d->subject, anchor, float(t), gesture, gestureRng);
    }
    for (const auto& [action, duration] : plan) {
        const float len = float(std::max(duration, 2.5));
        std::unique_ptr<Segment> seg;
        switch (action) {
        case Action::Squat: seg = actions::makeSquat(d->subject, anchor, len, rng); break;
        case Action::Lunge: seg = actions::makeLunge(d->subject, anchor, len, rng); break;
        case Action::WarmUp: seg = actions::makeWarmUp(d->subject, anchor, len, rng); break;
        default: seg = actions::makeGait(d->subject, anchor, len, action, rng); break;
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

FootPair<FootContact> MotionTimeline::contacts(double t_s) const
{
    Posture p;
    FootPair<FootContact> c;
    d->evaluate(std::clamp(t_s, 0.0, duration_s()), p, c, nullptr);
    return c;
}

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
        FootPair<FootContact> c;
        d->evaluate(std::clamp(t, 0.0, duration_s()), q, c, nullptr);
        buildPose(d->subject, q);
        return double(q.pelvis.z());
    };
    out.verticalAccel_mps2 = float((pelvisZ(t_s + h) - 2.0 * double(p.pelvis.z()) + pelvisZ(t_s - h)) / (h * h));
    return out;
}

} // namespace insolepose::synth
