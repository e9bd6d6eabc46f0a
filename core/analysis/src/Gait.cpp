#include "insolepose/analysis/Gait.h"

#include "insolepose/Error.h"
#include "insolepose/Json.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace insolepose::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// A window whose load range is below this (load units: sum of normalised taxels) is sensor noise.
constexpr double kMinRange = 2.0;
/// A stance longer than this is standing, not a step.
constexpr double kMaxStance_s = 3.0;

double seconds(TimeNs t) { return nsToSeconds(t); }

struct Envelope {
    std::vector<double> lo, hi;
};

/// Minimum and maximum of the load within +-window of each frame.
Envelope localEnvelope(const TimeCurve& load, TimeNs window)
{
    const std::size_t n = load.values.size();
    Envelope e{std::vector<double>(n), std::vector<double>(n)};
    std::size_t a = 0, b = 0;
    for (std::size_t i = 0; i < n; ++i) {
        while (load.times_ns[i] - load.times_ns[a] > window)
            ++a;
        while (b < n && load.times_ns[b] - load.times_ns[i] <= window)
            ++b;
        const auto [mn, mx] =
            std::minmax_element(load.values.begin() + std::ptrdiff_t(a), load.values.begin() + std::ptrdiff_t(b));
        e.lo[i] = *mn;
        e.hi[i] = *mx;
    }
    return e;
}

/// The time the load crossed `level` going into frame i: interpolated between the last frame on
/// the other side and the first beyond it (looking back at most a few frames, not across a gap).
TimeNs crossing(const TimeCurve& load, std::size_t i, double level, bool rising, std::size_t runStart)
{
    auto beyond = [&](std::size_t k) { return rising ? load.values[k] >= level : load.values[k] <= level; };
    std::size_t j = i;
    while (j > runStart && i - j < 4 && beyond(j - 1))
        --j;
    if (j == runStart)
        return load.times_ns[j];
    const double v0 = load.values[j - 1], v1 = load.values[j];
    const double w = v1 != v0 ? std::clamp((level - v0) / (v1 - v0), 0.0, 1.0) : 1.0;
    const TimeNs t0 = load.times_ns[j - 1], t1 = load.times_ns[j];
    return t0 + TimeNs(std::llround(w * double(t1 - t0)));
}

/// Contacts within one run of frames without a gap, [begin, end).
void detectInRun(const TimeCurve& load, const Envelope& env, std::size_t begin, std::size_t end, Foot foot,
                 const GaitOptions& o, std::vector<Contact>& out)
{
    auto unloads = [&](std::size_t i) {
        return env.hi[i] - env.lo[i] >= kMinRange && env.lo[i] <= o.maxUnloadedFraction * env.hi[i];
    };
    auto level = [&](std::size_t i, double f) { return env.lo[i] + f * (env.hi[i] - env.lo[i]); };
    const double f = o.thresholdFraction, h = 0.5 * o.hysteresisFraction;
    // A run that starts loaded (above the threshold, or in a stretch that never unloads) starts in
    // contact whose start was not seen.
    bool inContact = !unloads(begin) ? load.values[begin] > kMinRange : load.values[begin] > level(begin, f);
    Contact current{foot, load.times_ns[begin], load.times_ns[begin], false, true};
    for (std::size_t i = begin + 1; i < end; ++i) {
        if (!unloads(i))
            continue;
        const double v = load.values[i];
        if (!inContact && v > level(i, f + h)) {
            current = {foot, crossing(load, i, level(i, f), true, begin), 0, true, true};
            inContact = true;
        } else if (inContact && v < level(i, f - h)) {
            current.end_ns = crossing(load, i, level(i, f), false, begin);
            out.push_back(current);
            inContact = false;
        }
    }
    if (inContact) {
        current.end_ns = load.times_ns[end - 1];
        current.endObserved = false;
        out.push_back(current);
    }
}

/// Merges contacts separated by a swing shorter than `minPhase`, then drops contacts shorter than it.
void dropShortPhases(std::vector<Contact>& contacts, TimeNs minPhase)
{
    std::vector<Contact> merged;
    for (const Contact& c : contacts) {
        if (!merged.empty() && merged.back().endObserved && c.startObserved &&
            c.start_ns - merged.back().end_ns < minPhase) {
            merged.back().end_ns = c.end_ns;
            merged.back().endObserved = c.endObserved;
        } else {
            merged.push_back(c);
        }
    }
    std::erase_if(
        merged, [&](const Contact& c) { return c.startObserved && c.endObserved && c.end_ns - c.start_ns < minPhase; });
    contacts = std::move(merged);
}

double median(std::vector<double> v)
{
    std::erase_if(v, [](double x) { return !std::isfinite(x); });
    if (v.empty())
        return kNaN;
    const std::size_t m = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + std::ptrdiff_t(m), v.end());
    return v[m];
}

double percentile(std::vector<double> v, double p)
{
    std::erase_if(v, [](double x) { return !std::isfinite(x); });
    if (v.empty())
        return kNaN;
    std::sort(v.begin(), v.end());
    const double pos = p * double(v.size() - 1);
    const auto i = std::size_t(pos);
    const double w = pos - double(i);
    return i + 1 < v.size() ? v[i] * (1 - w) + v[i + 1] * w : v[i];
}

/// The mean of the values within half to twice the median (steps across pauses left out).
double trimmedMean(const std::vector<double>& v)
{
    const double m = median(v);
    double sum = 0;
    int n = 0;
    for (double x : v)
        if (x >= 0.5 * m && x <= 2.0 * m)
            sum += x, ++n;
    return n ? sum / n : kNaN;
}

template <typename F> double meanOf(const std::vector<GaitStep>& steps, F value)
{
    double sum = 0;
    int n = 0;
    for (const GaitStep& s : steps) {
        const double v = value(s);
        if (s.complete && std::isfinite(v))
            sum += v, ++n;
    }
    return n ? sum / n : kNaN;
}

double symmetryIndex(double l, double r)
{
    return std::isfinite(l) && std::isfinite(r) && l + r > 0 ? 100.0 * std::abs(l - r) / (0.5 * (l + r)) : kNaN;
}

/// Peak, loading rate and impulse of the load of `curve` during [from, to).
void loadMeasures(const TimeCurve& curve, TimeNs from, TimeNs to, GaitStep& s)
{
    const auto first = std::lower_bound(curve.times_ns.begin(), curve.times_ns.end(), from) - curve.times_ns.begin();
    const auto last = std::lower_bound(curve.times_ns.begin(), curve.times_ns.end(), to) - curve.times_ns.begin();
    double peak = 0, impulse = 0;
    TimeNs peakAt = from;
    for (auto i = first; i < last; ++i) {
        const auto k = std::size_t(i);
        if (curve.values[k] > peak)
            peak = curve.values[k], peakAt = curve.times_ns[k];
        if (i > first)
            impulse +=
                0.5 * (curve.values[k] + curve.values[k - 1]) * seconds(curve.times_ns[k] - curve.times_ns[k - 1]);
    }
    s.peakLoad = peak;
    s.impulse_s = impulse;
    s.loadingRate_per_s = peakAt > from ? peak / seconds(peakAt - from) : kNaN;
}

std::vector<const Contact*> contactsOf(const std::vector<Contact>& contacts, Foot foot)
{
    std::vector<const Contact*> out;
    for (const Contact& c : contacts)
        if (c.foot == foot)
            out.push_back(&c);
    return out;
}

GaitStep stepOf(const Contact& c, const Contact* next, const std::vector<const Contact*>& other, bool otherPresent,
                const FootPair<TimeCurve>& load, const LabelTrack* labels)
{
    GaitStep s;
    s.foot = c.foot;
    s.heelStrike_s = seconds(c.start_ns);
    s.toeOff_s = seconds(c.end_ns);
    s.stance_s = seconds(c.end_ns - c.start_ns);
    const bool swingSeen = next && c.endObserved && next->startObserved;
    s.swing_s = swingSeen ? seconds(next->start_ns - c.end_ns) : kNaN;
    s.stride_s = swingSeen && c.startObserved ? seconds(next->start_ns - c.start_ns) : kNaN;
    s.step_s = kNaN;
    double overlap = 0;
    for (const Contact* o : other) {
        if (o->start_ns < c.start_ns && o->startObserved)
            s.step_s = seconds(c.start_ns - o->start_ns);
        const TimeNs a = std::max(o->start_ns, c.start_ns), b = std::min(o->end_ns, c.end_ns);
        if (b > a)
            overlap += seconds(b - a);
    }
    s.doubleSupport_s = otherPresent ? overlap : kNaN;
    s.singleSupport_s = otherPresent ? s.stance_s - overlap : kNaN;
    loadMeasures(load[c.foot], c.start_ns, c.end_ns, s);
    if (labels)
        if (const LabelSegment* seg = labels->at(c.start_ns))
            s.label = seg->label;
    s.complete = c.startObserved && c.endObserved && s.stance_s <= kMaxStance_s;
    return s;
}

const LabelTrack* actionTrack(const Session& session)
{
    const auto& tracks = session.labelTracks();
    for (const LabelTrack& t : tracks)
        if (t.name() == "actions")
            return &t;
    return tracks.empty() ? nullptr : &tracks.front();
}

int countGaps(const TimeCurve& load, TimeNs maxGap)
{
    int gaps = 0;
    for (std::size_t i = 1; i < load.times_ns.size(); ++i)
        gaps += load.times_ns[i] - load.times_ns[i - 1] > maxGap;
    return gaps;
}

GaitEventKind parseKind(const QString& kind, const std::string& where)
{
    if (kind == "heel_strike")
        return GaitEventKind::HeelStrike;
    if (kind == "toe_off")
        return GaitEventKind::ToeOff;
    throw FormatError(where + ".kind: expected \"heel_strike\" or \"toe_off\", got \"" + kind.toStdString() + "\"");
}

} // namespace

std::string_view gaitEventKindName(GaitEventKind kind)
{
    return kind == GaitEventKind::HeelStrike ? "heel_strike" : "toe_off";
}

std::vector<Contact> detectContacts(const TimeCurve& load, Foot foot, const GaitOptions& o)
{
    std::vector<Contact> out;
    const std::size_t n = std::min(load.times_ns.size(), load.values.size());
    if (n < 2)
        return out;
    const Envelope env = localEnvelope(load, secondsToNs(o.window_s));
    const TimeNs maxGap = secondsToNs(o.maxFrameGap_s);
    std::size_t begin = 0;
    for (std::size_t i = 1; i <= n; ++i) {
        if (i < n && load.times_ns[i] - load.times_ns[i - 1] <= maxGap)
            continue;
        if (i - begin >= 2)
            detectInRun(load, env, begin, i, foot, o, out);
        begin = i;
    }
    dropShortPhases(out, secondsToNs(o.minPhase_s));
    return out;
}

std::vector<GaitEvent> eventsOf(const std::vector<Contact>& contacts)
{
    std::vector<GaitEvent> events;
    for (const Contact& c : contacts) {
        if (c.startObserved)
            events.push_back({c.foot, GaitEventKind::HeelStrike, c.start_ns});
        if (c.endObserved)
            events.push_back({c.foot, GaitEventKind::ToeOff, c.end_ns});
    }
    std::stable_sort(events.begin(), events.end(),
                     [](const GaitEvent& a, const GaitEvent& b) { return a.time_ns < b.time_ns; });
    return events;
}

std::vector<GaitStep> stepsOf(const std::vector<Contact>& contacts, const FootPair<TimeCurve>& load,
                              const LabelTrack* labels)
{
    std::vector<GaitStep> steps;
    for (Foot foot : kFeet) {
        const Foot otherFoot = foot == Foot::Left ? Foot::Right : Foot::Left;
        const auto mine = contactsOf(contacts, foot);
        const auto other = contactsOf(contacts, otherFoot);
        const bool otherPresent = !load[otherFoot].values.empty();
        for (std::size_t k = 0; k < mine.size(); ++k)
            steps.push_back(
                stepOf(*mine[k], k + 1 < mine.size() ? mine[k + 1] : nullptr, other, otherPresent, load, labels));
    }
    std::stable_sort(steps.begin(), steps.end(),
                     [](const GaitStep& a, const GaitStep& b) { return a.heelStrike_s < b.heelStrike_s; });
    return steps;
}

GaitSummary summarizeSteps(const std::vector<GaitStep>& steps, const std::string& label)
{
    GaitSummary g;
    g.label = label;
    std::vector<double> stepTimes;
    for (const GaitStep& s : steps) {
        ++g.steps[s.foot];
        ++g.totalSteps;
        g.incompleteSteps += !s.complete;
        if (s.complete)
            stepTimes.push_back(s.step_s);
    }
    g.duration_s = steps.empty() ? 0.0 : steps.back().heelStrike_s - steps.front().heelStrike_s;
    const double stepTime = trimmedMean(stepTimes);
    g.cadence_steps_per_min = stepTime > 0 ? 60.0 / stepTime : kNaN;
    for (Foot f : kFeet) {
        auto only = [f](auto value) { return [f, value](const GaitStep& s) { return s.foot == f ? value(s) : kNaN; }; };
        g.stance_s[f] = meanOf(steps, only([](const GaitStep& s) { return s.stance_s; }));
        g.swing_s[f] = meanOf(steps, only([](const GaitStep& s) { return s.swing_s; }));
    }
    g.stride_s = meanOf(steps, [](const GaitStep& s) { return s.stride_s; });
    g.step_s = meanOf(steps, [](const GaitStep& s) { return s.step_s; });
    g.doubleSupport_s = meanOf(steps, [](const GaitStep& s) { return s.doubleSupport_s; });
    g.stanceAsymmetry_pct = symmetryIndex(g.stance_s[Foot::Left], g.stance_s[Foot::Right]);
    const double stepL = meanOf(steps, [](const GaitStep& s) { return s.foot == Foot::Left ? s.step_s : kNaN; });
    const double stepR = meanOf(steps, [](const GaitStep& s) { return s.foot == Foot::Right ? s.step_s : kNaN; });
    g.stepAsymmetry_pct = symmetryIndex(stepL, stepR);
    return g;
}

GaitAnalysis analyzeGait(const FootPair<TimeCurve>& load, const LabelTrack* labels, const GaitOptions& o)
{
    GaitAnalysis a;
    a.load = load;
    for (Foot foot : kFeet) {
        const std::string name(footName(foot));
        if (load[foot].values.empty()) {
            a.notes.push_back("no tactile frames for the " + name + " foot: its steps are missing");
            continue;
        }
        const auto c = detectContacts(load[foot], foot, o);
        a.contacts.insert(a.contacts.end(), c.begin(), c.end());
        if (const int gaps = countGaps(load[foot], secondsToNs(o.maxFrameGap_s)))
            a.notes.push_back(std::to_string(gaps) + " gap(s) in the " + name +
                              " insole's frames: contacts cut by a gap are marked incomplete");
    }
    std::stable_sort(a.contacts.begin(), a.contacts.end(),
                     [](const Contact& x, const Contact& y) { return x.start_ns < y.start_ns; });
    a.events = eventsOf(a.contacts);
    a.steps = stepsOf(a.contacts, load, labels);
    if (a.events.empty())
        a.notes.push_back(
            "no foot was seen to touch down and lift off (sitting, standing still or no contact): no steps");
    a.session = summarizeSteps(a.steps);
    std::vector<std::string> order;
    for (const GaitStep& s : a.steps)
        if (std::find(order.begin(), order.end(), s.label) == order.end())
            order.push_back(s.label);
    for (const std::string& label : order) {
        std::vector<GaitStep> subset;
        std::copy_if(a.steps.begin(), a.steps.end(), std::back_inserter(subset),
                     [&](const GaitStep& s) { return s.label == label; });
        a.perLabel.push_back(summarizeSteps(subset, label.empty() ? "unlabelled" : label));
    }
    return a;
}

GaitAnalysis analyzeGait(const Session& session, const GaitOptions& o)
{
    FootPair<TimeCurve> load;
    for (Foot foot : kFeet)
        load[foot] = loadCurve(session.tactile(foot), session.metadata().insoles[foot].calibration);
    return analyzeGait(load, actionTrack(session), o);
}

GaitPhase phaseAt(const std::vector<Contact>& contacts, Foot foot, TimeNs t)
{
    bool before = false, after = false;
    for (const Contact& c : contacts) {
        if (c.foot != foot)
            continue;
        if (t >= c.start_ns && t < c.end_ns)
            return GaitPhase::Stance;
        before |= c.end_ns <= t && c.endObserved;
        after |= c.start_ns > t && c.startObserved;
    }
    return before && after ? GaitPhase::Swing : GaitPhase::Unknown;
}

std::string phaseCategory(const std::vector<Contact>& contacts, TimeNs t)
{
    const GaitPhase l = phaseAt(contacts, Foot::Left, t), r = phaseAt(contacts, Foot::Right, t);
    if (l == GaitPhase::Unknown || r == GaitPhase::Unknown)
        return {};
    const int stance = (l == GaitPhase::Stance) + (r == GaitPhase::Stance);
    return stance == 2 ? "double-support" : stance == 1 ? "single-support" : "no-contact";
}

std::vector<std::string> phaseCategories(const std::vector<Contact>& contacts, const std::vector<TimeNs>& times)
{
    std::vector<std::string> out;
    out.reserve(times.size());
    for (TimeNs t : times)
        out.push_back(phaseCategory(contacts, t));
    return out;
}

double cadenceFromHeels(const KeypointStream& gt, TimeNs from, TimeNs to, double contact_m)
{
    constexpr std::size_t kHeel[2] = {15, 18}; // docs/REFERENCE.md: left heel, right heel
    constexpr double kHysteresis_m = 0.01;
    std::vector<TimeNs> touchDowns;
    for (std::size_t f = 0; f < 2; ++f) {
        std::vector<std::pair<TimeNs, double>> z;
        for (std::size_t i = 0; i < gt.size(); ++i) {
            const TimeNs t = gt.timeAt(i);
            if (t >= from && t < to && gt.isValid(i))
                z.emplace_back(t, double(gt.pose(i)[kHeel[f]].z()));
        }
        if (z.size() < 2)
            continue;
        std::vector<double> heights;
        for (const auto& p : z)
            heights.push_back(p.second);
        const double floor = percentile(heights, 0.05);
        bool down = z.front().second < floor + contact_m;
        for (const auto& [t, h] : z) {
            if (down && h > floor + contact_m + kHysteresis_m)
                down = false;
            else if (!down && h < floor + contact_m)
                down = true, touchDowns.push_back(t);
        }
    }
    if (touchDowns.size() < 2)
        return kNaN;
    const auto [first, last] = std::minmax_element(touchDowns.begin(), touchDowns.end());
    return *last > *first ? 60.0 * double(touchDowns.size() - 1) / seconds(*last - *first) : kNaN;
}

void writeGaitEvents(const std::filesystem::path& file, const std::vector<GaitEvent>& events, const std::string& source)
{
    QJsonArray list;
    for (const GaitEvent& e : events)
        list.append(QJsonObject{{"foot", QString::fromUtf8(footName(e.foot).data())},
                                {"kind", QString::fromUtf8(gaitEventKindName(e.kind).data())},
                                {"time_ns", QString::number(e.time_ns)}});
    writeJsonAtomically(
        file, QJsonObject{{"schema_version", 1}, {"source", QString::fromStdString(source)}, {"events", list}});
}

std::vector<GaitEvent> readGaitEvents(const std::filesystem::path& file)
{
    const QJsonObject json = readJsonObject(file);
    const std::string name = file.string();
    if (json.value("schema_version").toInt(0) != 1)
        throw FormatError(name + ": schema_version: expected 1");
    if (!json.value("events").isArray())
        throw FormatError(name + ": events: expected an array");
    std::vector<GaitEvent> events;
    const QJsonArray list = json.value("events").toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const std::string where = name + ": events[" + std::to_string(i) + "]";
        const QJsonObject e = list.at(i).toObject();
        const QString foot = e.value("foot").toString();
        if (foot != "left" && foot != "right")
            throw FormatError(where + ".foot: expected \"left\" or \"right\"");
        bool ok = false;
        const TimeNs t = e.value("time_ns").toString().toLongLong(&ok);
        if (!ok)
            throw FormatError(where + ".time_ns: expected an integer in a string");
        events.push_back({foot == "left" ? Foot::Left : Foot::Right, parseKind(e.value("kind").toString(), where), t});
    }
    return events;
}

double EventScore::median_abs_ms() const
{
    std::vector<double> a;
    for (double e : errors_ms)
        a.push_back(std::abs(e));
    return median(a);
}

double EventScore::p95_abs_ms() const
{
    std::vector<double> a;
    for (double e : errors_ms)
        a.push_back(std::abs(e));
    return percentile(a, 0.95);
}

EventScore scoreEvents(const std::vector<GaitEvent>& truth, const std::vector<GaitEvent>& detected, GaitEventKind kind,
                       TimeNs tolerance)
{
    EventScore s;
    for (Foot foot : kFeet) {
        std::vector<TimeNs> t, d;
        for (const GaitEvent& e : truth)
            if (e.foot == foot && e.kind == kind)
                t.push_back(e.time_ns);
        for (const GaitEvent& e : detected)
            if (e.foot == foot && e.kind == kind)
                d.push_back(e.time_ns);
        struct Pair {
            TimeNs gap;
            std::size_t ti, di;
        };
        std::vector<Pair> pairs;
        for (std::size_t i = 0; i < t.size(); ++i)
            for (std::size_t j = 0; j < d.size(); ++j)
                if (std::abs(d[j] - t[i]) <= tolerance)
                    pairs.push_back({std::abs(d[j] - t[i]), i, j});
        std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) { return a.gap < b.gap; });
        std::vector<char> usedT(t.size(), 0), usedD(d.size(), 0);
        int matched = 0;
        for (const Pair& p : pairs) {
            if (usedT[p.ti] || usedD[p.di])
                continue;
            usedT[p.ti] = usedD[p.di] = 1;
            ++matched;
            s.errors_ms.push_back(double(d[p.di] - t[p.ti]) / double(kNsPerMs));
        }
        s.truth += int(t.size());
        s.detected += int(d.size());
        s.missed += int(t.size()) - matched;
        s.extra += int(d.size()) - matched;
    }
    return s;
}

} // namespace insolepose::analysis

namespace insolepose::analysis {

namespace {

QString number(double v, int decimals = 4) { return std::isfinite(v) ? QString::number(v, 'f', decimals) : QString(); }

QJsonValue jsonNumber(double v) { return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null); }

QJsonObject summaryObject(const GaitSummary& g)
{
    return QJsonObject{{"steps", QJsonObject{{"left", g.steps[Foot::Left]},
                                             {"right", g.steps[Foot::Right]},
                                             {"total", g.totalSteps},
                                             {"incomplete", g.incompleteSteps}}},
                       {"cadence_steps_per_min", jsonNumber(g.cadence_steps_per_min)},
                       {"duration_s", jsonNumber(g.duration_s)},
                       {"stance_s", QJsonObject{{"left", jsonNumber(g.stance_s[Foot::Left])},
                                                {"right", jsonNumber(g.stance_s[Foot::Right])}}},
                       {"swing_s", QJsonObject{{"left", jsonNumber(g.swing_s[Foot::Left])},
                                               {"right", jsonNumber(g.swing_s[Foot::Right])}}},
                       {"stride_s", jsonNumber(g.stride_s)},
                       {"step_s", jsonNumber(g.step_s)},
                       {"double_support_s", jsonNumber(g.doubleSupport_s)},
                       {"stance_asymmetry_pct", jsonNumber(g.stanceAsymmetry_pct)},
                       {"step_asymmetry_pct", jsonNumber(g.stepAsymmetry_pct)}};
}

} // namespace

void writeStepsCsv(const std::filesystem::path& file, const std::vector<GaitStep>& steps)
{
    QString text = "foot,label,heel_strike_s,toe_off_s,stance_s,swing_s,stride_s,step_s,double_support_s,"
                   "single_support_s,peak_load,loading_rate_per_s,impulse_s,complete\n";
    for (const GaitStep& s : steps)
        text += QStringList{QString::fromUtf8(footName(s.foot).data()),
                            QString::fromStdString(s.label),
                            number(s.heelStrike_s),
                            number(s.toeOff_s),
                            number(s.stance_s),
                            number(s.swing_s),
                            number(s.stride_s),
                            number(s.step_s),
                            number(s.doubleSupport_s),
                            number(s.singleSupport_s),
                            number(s.peakLoad, 2),
                            number(s.loadingRate_per_s, 2),
                            number(s.impulse_s, 3),
                            s.complete ? "1" : "0"}
                    .join(',') +
                '\n';
    QFile f(QString::fromStdString(file.string()));
    const QByteArray bytes = text.toUtf8();
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
        throw IoError(file.string() + ": cannot write: " + f.errorString().toStdString());
}

QJsonObject summaryJson(const GaitAnalysis& gait)
{
    QJsonObject json = summaryObject(gait.session);
    QJsonObject labels;
    for (const GaitSummary& g : gait.perLabel)
        labels.insert(QString::fromStdString(g.label), summaryObject(g));
    json.insert("schema_version", 1);
    json.insert("per_label", labels);
    QJsonArray notes;
    for (const std::string& n : gait.notes)
        notes.append(QString::fromStdString(n));
    json.insert("notes", notes);
    json.insert("load_unit", "sum of normalised taxels");
    return json;
}

QJsonObject scoreJson(const std::vector<GaitEvent>& truth, const std::vector<GaitEvent>& detected)
{
    QJsonObject json;
    for (GaitEventKind kind : {GaitEventKind::HeelStrike, GaitEventKind::ToeOff}) {
        const EventScore s = scoreEvents(truth, detected, kind);
        const double mean = s.errors_ms.empty() ? kNaN
                                                : std::accumulate(s.errors_ms.begin(), s.errors_ms.end(), 0.0) /
                                                      double(s.errors_ms.size());
        json.insert(QString::fromUtf8(gaitEventKindName(kind).data()),
                    QJsonObject{{"median_abs_ms", jsonNumber(s.median_abs_ms())},
                                {"p95_abs_ms", jsonNumber(s.p95_abs_ms())},
                                {"mean_ms", jsonNumber(mean)},
                                {"true", s.truth},
                                {"detected", s.detected},
                                {"missed", s.missed},
                                {"extra", s.extra}});
    }
    return json;
}

} // namespace insolepose::analysis
