#include "insolepose/report/GaitReport.h"

#include "insolepose/Error.h"
#include "insolepose/Json.h"
#include "insolepose/analysis/PressureMaps.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace insolepose::report {

using namespace insolepose::analysis;

namespace {

const FootPair<QColor> kFootColour{QColor(33, 102, 172), QColor(214, 96, 77)};

QString footLabel(Foot f) { return f == Foot::Left ? QObject::tr("left") : QObject::tr("right"); }

QString fixed(double v, int decimals, const QString& unit = {})
{
    return std::isfinite(v) ? QString::number(v, 'f', decimals) + unit : QStringLiteral("–");
}

double t0Of(const Session& s) { return nsToSeconds(s.timeRange().first); }

LineChart loadChart(const Session& session, const GaitAnalysis& gait, std::pair<TimeNs, TimeNs> w)
{
    LineChart c{QObject::tr("Load and stance phases"),
                QObject::tr("time (s)"),
                QObject::tr("load (sum of normalised taxels)"),
                {}};
    const double origin = t0Of(session);
    for (Foot f : kFeet) {
        Series s{QObject::tr("%1 load").arg(footLabel(f)), kFootColour[f], {}, {}};
        const TimeCurve& curve = gait.load[f];
        for (std::size_t i = 0; i < curve.times_ns.size(); ++i)
            if (curve.times_ns[i] >= w.first && curve.times_ns[i] < w.second) {
                s.x.push_back(nsToSeconds(curve.times_ns[i]) - origin);
                s.y.push_back(curve.values[i]);
            }
        c.series.push_back(std::move(s));
    }
    for (const Contact& k : gait.contacts)
        if (k.end_ns > w.first && k.start_ns < w.second) {
            QColor colour = kFootColour[k.foot];
            colour.setAlpha(40);
            c.bands.push_back({nsToSeconds(std::max(k.start_ns, w.first)) - origin,
                               nsToSeconds(std::min(k.end_ns, w.second)) - origin, colour});
        }
    return c;
}

LineChart stanceChart(const GaitAnalysis& gait)
{
    LineChart c{QObject::tr("Load over stance, both feet (mean and ± 1 SD)"),
                QObject::tr("stance (%)"),
                QObject::tr("load"),
                {}};
    const auto curves = stanceCurves(gait);
    for (Foot f : kFeet) {
        const auto mean = meanStanceCurve(curves, f);
        if (mean.empty())
            continue;
        std::vector<double> x(mean.size()), lo(mean.size()), hi(mean.size()), sum2(mean.size(), 0.0);
        int n = 0;
        for (const StanceCurve& sc : curves)
            if (sc.foot == f && sc.load.size() == mean.size()) {
                ++n;
                for (std::size_t k = 0; k < mean.size(); ++k)
                    sum2[k] += (sc.load[k] - mean[k]) * (sc.load[k] - mean[k]);
            }
        for (std::size_t k = 0; k < mean.size(); ++k) {
            x[k] = 100.0 * double(k) / double(mean.size() - 1);
            const double sd = std::sqrt(sum2[k] / std::max(1, n));
            lo[k] = mean[k] - sd;
            hi[k] = mean[k] + sd;
        }
        QColor light = kFootColour[f];
        light.setAlpha(110);
        c.series.push_back({QObject::tr("%1 mean (%2 steps)").arg(footLabel(f)).arg(n),
                            kFootColour[f],
                            x,
                            {mean.begin(), mean.end()},
                            false,
                            2.5});
        // Upper and lower bounds in one series, a NaN between them (no line joins them).
        std::vector<double> bx = x, by = hi;
        bx.push_back(x.back());
        by.push_back(std::numeric_limits<double>::quiet_NaN());
        bx.insert(bx.end(), x.begin(), x.end());
        by.insert(by.end(), lo.begin(), lo.end());
        c.series.push_back({QObject::tr("%1 ± 1 SD").arg(footLabel(f)), light, bx, by, false, 0.8});
    }
    return c;
}

LineChart butterflyChart(const Session& session, std::pair<TimeNs, TimeNs> w)
{
    LineChart c{QObject::tr("Butterfly (gait line of both feet)"), QObject::tr("x (cm)"), QObject::tr("y (cm)"), {}};
    c.equalAspect = true;
    Series s{QObject::tr("combined centre of pressure"), QColor(60, 60, 60), {}, {}};
    for (const PlanePoint& p : butterfly(session, w.first, w.second)) {
        s.x.push_back(p.x_cm);
        s.y.push_back(p.y_cm);
    }
    c.series.push_back(std::move(s));
    return c;
}

LineChart copChart(const Session& session, const GaitAnalysis& gait, std::pair<TimeNs, TimeNs> w)
{
    LineChart c{QObject::tr("Centre of pressure per step"), QObject::tr("x (cm)"), QObject::tr("y (cm)"), {}};
    c.equalAspect = true;
    c.legend = false;
    for (const Contact& k : gait.contacts) {
        if (k.start_ns < w.first || k.end_ns > w.second)
            continue;
        const InsoleInfo& insole = session.metadata().insoles[k.foot];
        Series s{footLabel(k.foot), kFootColour[k.foot], {}, {}};
        for (const CentreOfPressure& cop : copPath(session.tactile(k.foot), insole.calibration, k.start_ns, k.end_ns)) {
            const PlanePoint p = planePoint(insole.size, k.foot, cop);
            s.x.push_back(p.x_cm);
            s.y.push_back(p.y_cm);
        }
        c.series.push_back(std::move(s));
    }
    return c;
}

/// The peak- and mean-pressure maps of one foot over `range`.
std::pair<MapChart, MapChart> pressureMapCharts(const Session& session, Foot f, std::pair<TimeNs, TimeNs> range)
{
    const PressureMaps m =
        pressureMaps(session.tactile(f), session.metadata().insoles[f].calibration, range.first, range.second);
    return {MapChart{QObject::tr("Peak pressure, %1 foot").arg(footLabel(f)), kModelGrid.rows, kModelGrid.cols, m.peak,
                     1.0f, QObject::tr("normalised")},
            MapChart{QObject::tr("Mean pressure, %1 foot").arg(footLabel(f)), kModelGrid.rows, kModelGrid.cols, m.mean,
                     0.0f, QObject::tr("normalised")}};
}

LineChart regionChart(const Session& session, Foot f, std::pair<TimeNs, TimeNs> w, const RegionBounds& bounds)
{
    const InsoleInfo& insole = session.metadata().insoles[f];
    const RegionCurves rc = regionCurves(session.tactile(f), insole.calibration,
                                         defaultRegionMask(insole.size, f, bounds), w.first, w.second);
    LineChart c{
        QObject::tr("Load per region, %1 foot").arg(footLabel(f)), QObject::tr("time (s)"), QObject::tr("load"), {}};
    static const QColor kZoneColour[kFootZoneCount] = {QColor(178, 24, 43), QColor(239, 138, 98), QColor(103, 169, 207),
                                                       QColor(33, 102, 172)};
    std::vector<double> x;
    for (TimeNs t : rc.times_ns)
        x.push_back(nsToSeconds(t) - t0Of(session));
    for (int z = 0; z < kFootZoneCount; ++z)
        c.series.push_back({QString::fromUtf8(footZoneName(FootZone(z)).data()),
                            kZoneColour[z],
                            x,
                            {rc.zones[std::size_t(z)].begin(), rc.zones[std::size_t(z)].end()}});
    return c;
}

BarChart labelChart(const GaitAnalysis& gait)
{
    BarChart c{QObject::tr("Stance and swing per action (s)"), QObject::tr("seconds"), {}, {}};
    BarSeries stance{QObject::tr("stance"), QColor(33, 102, 172), {}},
        swing{QObject::tr("swing"), QColor(146, 197, 222), {}};
    for (const GaitSummary& g : gait.perLabel) {
        c.categories.push_back(QString::fromStdString(g.label));
        auto mean2 = [](const FootPair<double>& v) {
            const double l = v[Foot::Left], r = v[Foot::Right];
            return std::isfinite(l) && std::isfinite(r) ? 0.5 * (l + r) : std::isfinite(l) ? l : r;
        };
        stance.values.push_back(std::isfinite(mean2(g.stance_s)) ? mean2(g.stance_s) : 0.0);
        swing.values.push_back(std::isfinite(mean2(g.swing_s)) ? mean2(g.swing_s) : 0.0);
    }
    c.series = {stance, swing};
    return c;
}

std::vector<std::pair<QString, QString>> facts(const Session& session, const GaitAnalysis& gait)
{
    const GaitSummary& g = gait.session;
    return {{QObject::tr("Session"), QString::fromStdString(session.metadata().id)},
            {QObject::tr("Steps (left / right / total)"),
             QStringLiteral("%1 / %2 / %3").arg(g.steps[Foot::Left]).arg(g.steps[Foot::Right]).arg(g.totalSteps)},
            {QObject::tr("Incomplete steps"), QString::number(g.incompleteSteps)},
            {QObject::tr("Cadence"), fixed(g.cadence_steps_per_min, 1, QObject::tr(" steps/min"))},
            {QObject::tr("Stance left / right"),
             fixed(g.stance_s[Foot::Left], 3, " s") + " / " + fixed(g.stance_s[Foot::Right], 3, " s")},
            {QObject::tr("Swing left / right"),
             fixed(g.swing_s[Foot::Left], 3, " s") + " / " + fixed(g.swing_s[Foot::Right], 3, " s")},
            {QObject::tr("Stride / step time"), fixed(g.stride_s, 3, " s") + " / " + fixed(g.step_s, 3, " s")},
            {QObject::tr("Double support per stance"), fixed(g.doubleSupport_s, 3, " s")},
            {QObject::tr("Asymmetry stance / step"),
             fixed(g.stanceAsymmetry_pct, 1, " %") + " / " + fixed(g.stepAsymmetry_pct, 1, " %")}};
}

std::vector<QStringList> labelRows(const GaitAnalysis& gait)
{
    std::vector<QStringList> rows;
    for (const GaitSummary& g : gait.perLabel)
        rows.push_back({QString::fromStdString(g.label), QString::number(g.steps[Foot::Left]),
                        QString::number(g.steps[Foot::Right]), fixed(g.cadence_steps_per_min, 1),
                        fixed(g.stance_s[Foot::Left], 2), fixed(g.stance_s[Foot::Right], 2),
                        fixed(g.doubleSupport_s, 2), fixed(g.stanceAsymmetry_pct, 1)});
    return rows;
}

} // namespace

std::pair<TimeNs, TimeNs> gaitWindow(const Session& session, const GaitAnalysis& gait, double seconds)
{
    // The first walking bout: four complete steps within four seconds (else the first complete step).
    const auto range = session.timeRange();
    const auto& steps = gait.steps;
    auto bout = [&](std::size_t i) {
        if (i + 3 >= steps.size() || steps[i + 3].heelStrike_s - steps[i].heelStrike_s > 4.0)
            return false;
        return std::all_of(steps.begin() + std::ptrdiff_t(i), steps.begin() + std::ptrdiff_t(i + 4),
                           [](const GaitStep& s) { return s.complete; });
    };
    std::optional<std::size_t> first;
    for (std::size_t i = 0; i < steps.size() && !first; ++i)
        if (bout(i))
            first = i;
    for (std::size_t i = 0; i < steps.size() && !first; ++i)
        if (steps[i].complete)
            first = i;
    if (!first)
        return {range.first, range.second + 1};
    const TimeNs from = secondsToNs(steps[*first].heelStrike_s) - 200 * kNsPerMs;
    return {from, std::min(range.second + 1, from + secondsToNs(seconds))};
}

std::vector<GaitChart> gaitCharts(const Session& session, const GaitAnalysis& gait, const RegionBounds& bounds,
                                  std::optional<std::pair<TimeNs, TimeNs>> mapRange)
{
    const auto w = gaitWindow(session, gait);
    const auto all = mapRange.value_or(std::pair{session.timeRange().first, session.timeRange().second + 1});
    const auto [peakLeft, meanLeft] = pressureMapCharts(session, Foot::Left, all);
    const auto [peakRight, meanRight] = pressureMapCharts(session, Foot::Right, all);
    return {{"load_events.png", loadChart(session, gait, w)},
            {"stance_curves.png", stanceChart(gait)},
            {"butterfly.png", butterflyChart(session, {w.first, std::min(w.second, w.first + 6 * kNsPerSecond)})},
            {"cop_steps.png", copChart(session, gait, w)},
            {"peak_pressure_left.png", peakLeft},
            {"peak_pressure_right.png", peakRight},
            {"mean_pressure_left.png", meanLeft},
            {"mean_pressure_right.png", meanRight},
            {"region_load_left.png",
             regionChart(session, Foot::Left, {w.first, std::min(w.second, w.first + 5 * kNsPerSecond)}, bounds)},
            {"per_action.png", labelChart(gait)}};
}

QImage renderChart(const GaitChart& chart)
{
    return std::visit([](const auto& c) { return render(c); }, chart.chart);
}

OnePageReport gaitReport(const Session& session, const GaitAnalysis& gait)
{
    OnePageReport r(QObject::tr("Gait report"));
    r.setSubtitle(QObject::tr("%1 — events from insole load, threshold with hysteresis (docs/GAIT.md)")
                      .arg(QString::fromStdString(session.metadata().id)));
    r.addFacts(facts(session, gait));
    r.addTable(QObject::tr("Per action label"),
               {QObject::tr("action"), QObject::tr("steps L"), QObject::tr("steps R"), QObject::tr("cadence"),
                QObject::tr("stance L (s)"), QObject::tr("stance R (s)"), QObject::tr("double sup. (s)"),
                QObject::tr("asym. (%)")},
               labelRows(gait), 8);
    const auto charts = gaitCharts(session, gait);
    for (const char* name : {"load_events.png", "stance_curves.png", "butterfly.png", "peak_pressure_left.png"})
        for (const GaitChart& c : charts)
            if (c.file == name)
                std::visit([&r](const auto& chart) { r.addChart(chart); }, c.chart);
    for (const std::string& n : gait.notes)
        r.addNote(QString::fromStdString(n));
    return r;
}

std::vector<std::filesystem::path> writeGaitOutputs(const std::filesystem::path& dir, const Session& session,
                                                    const GaitAnalysis& gait)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw IoError(dir.string() + ": cannot create folder: " + ec.message());
    std::vector<std::filesystem::path> written{dir / "steps.csv", dir / "summary.json", dir / kGaitEventsFile};
    writeStepsCsv(written[0], gait.steps);
    QJsonObject summary = summaryJson(gait);
    if (const auto truth = session.path() / kTrueGaitEventsFile; std::filesystem::exists(truth))
        summary.insert("accuracy_vs_true_events", scoreJson(readGaitEvents(truth), gait.events));
    writeJsonAtomically(written[1], summary);
    writeGaitEvents(written[2], gait.events);
    for (const GaitChart& c : gaitCharts(session, gait)) {
        written.push_back(dir / c.file);
        writePng(written.back(), renderChart(c));
    }
    written.push_back(dir / "report.pdf");
    gaitReport(session, gait).writePdf(written.back());
    return written;
}

} // namespace insolepose::report
