#include "insolepose/synth/GaitTruth.h"

#include "insolepose/Json.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace insolepose::synth {

namespace {

constexpr double kScanStep_s = 0.02; // much shorter than any stance or swing of the generator

bool loaded(const MotionTimeline& timeline, double t, Foot foot)
{
    const FootContact c = timeline.contacts(t)[foot];
    return c.stance && c.support > 0.0f;
}

/// The time in (a, b] where the foot's state changes from its state at a, to `resolution`.
double refine(const MotionTimeline& timeline, double a, double b, Foot foot, double resolution)
{
    const bool before = loaded(timeline, a, foot);
    while (b - a > resolution) {
        const double m = 0.5 * (a + b);
        (loaded(timeline, m, foot) == before ? a : b) = m;
    }
    return b;
}

} // namespace

std::vector<TrueGaitEvent> trueGaitEvents(const MotionTimeline& timeline, double resolution_s)
{
    std::vector<TrueGaitEvent> events;
    const double end = timeline.duration_s();
    const auto n = static_cast<std::size_t>(std::ceil(end / kScanStep_s));
    for (Foot foot : kFeet) {
        bool state = loaded(timeline, 0.0, foot);
        for (std::size_t i = 1; i <= n; ++i) {
            const double t0 = double(i - 1) * kScanStep_s, t1 = std::min(end, double(i) * kScanStep_s);
            const bool now = loaded(timeline, t1, foot);
            if (now == state)
                continue;
            const double t = refine(timeline, t0, t1, foot, resolution_s);
            events.push_back({foot, now, secondsToNs(t)});
            state = now;
        }
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const TrueGaitEvent& a, const TrueGaitEvent& b) { return a.time_ns < b.time_ns; });
    return events;
}

void writeTrueGaitEvents(const std::filesystem::path& sessionDir, const std::vector<TrueGaitEvent>& events)
{
    QJsonArray list;
    for (const TrueGaitEvent& e : events)
        list.append(QJsonObject{{"foot", QString::fromUtf8(footName(e.foot).data())},
                                {"kind", e.heelStrike ? "heel_strike" : "toe_off"},
                                {"time_ns", QString::number(e.time_ns)}});
    writeJsonAtomically(sessionDir / kTrueGaitEventsFile,
                        QJsonObject{{"schema_version", 1}, {"source", "synthetic-truth"}, {"events", list}});
}

} // namespace insolepose::synth
