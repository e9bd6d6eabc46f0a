#include "insolepose/report/ComparisonReport.h"

#include "insolepose/Error.h"

#include <QSaveFile>

#include <cmath>

namespace insolepose::report {

namespace {

using analysis::ErrorStats;
using analysis::MeanErrors;

const QColor kPrimaryColour(66, 135, 245);
const QColor kSecondColour(245, 120, 66);
const QColor kAlignedColour(120, 190, 120);

QString name(const std::string& s) { return QString::fromStdString(s); }
QString cm(double v) { return std::isfinite(v) ? QString::number(v, 'f', 2) : QString(); }
QString seconds(TimeNs t) { return QString::number(nsToSeconds(t), 'f', 3); }

/// The body regions then the axes: the rows of by_part.csv and the bars of regionChart.
std::vector<QString> partNames()
{
    std::vector<QString> names;
    for (std::size_t r = 0; r < analysis::kBodyRegionCount; ++r)
        names.push_back(name(std::string(analysis::bodyRegionName(analysis::BodyRegion(r)))));
    for (const char* axis : {"x", "y", "z"})
        names.push_back(QStringLiteral("axis %1").arg(QLatin1String(axis)));
    return names;
}

std::vector<double> partValues(const MeanErrors& m)
{
    std::vector<double> v(m.region_cm.begin(), m.region_cm.end());
    v.insert(v.end(), m.axis_cm.begin(), m.axis_cm.end());
    return v;
}

void writeText(const std::filesystem::path& path, const QString& text)
{
    QSaveFile file(QString::fromStdString(path.string()));
    const QByteArray bytes = text.toUtf8();
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        throw IoError(path.string() + ": cannot write: " + file.errorString().toStdString());
}

QString csv(const QStringList& header, const std::vector<QStringList>& rows)
{
    QString out = header.join(',') + '\n';
    for (const QStringList& row : rows)
        out += row.join(',') + '\n';
    return out;
}

std::vector<QStringList> labelRows(const ComparisonTables& t)
{
    std::vector<QStringList> rows;
    for (const auto& [label, s] : t.byLabel)
        rows.push_back({name(label), QString::number(s.frames), cm(s.raw.mean_cm), cm(s.aligned.mean_cm)});
    return rows;
}

std::vector<QStringList> worstRows(const ComparisonInput& in, const ComparisonTables& t)
{
    std::vector<QStringList> rows;
    for (std::size_t r = 0; r < t.worst.size(); ++r) {
        const analysis::FrameError& f = in.primary.frames[t.worst[r]];
        const LabelSegment* seg = in.labels ? in.labels->at(f.time_ns) : nullptr;
        rows.push_back({QString::number(r + 1), seconds(f.time_ns - in.sessionStart_ns), cm(f.raw.mean_cm),
                        cm(f.aligned.mean_cm), seg ? name(seg->label) : QString()});
    }
    return rows;
}

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out.empty() ? "none" : out;
}

const KeypointStream& predictionNamed(const Session& s, const std::string& model)
{
    if (const KeypointStream* p = s.prediction(model))
        return *p;
    std::vector<std::string> names;
    for (const auto& p : s.predictions())
        names.push_back(p.name());
    throw Error(s.path().string() + ": no predictions of model \"" + model + "\" (the session has: " + joined(names) +
                ")");
}

} // namespace

ComparisonInput comparisonInput(const Session& session, const std::string& model, const std::string& against,
                                const std::string& track)
{
    const std::string where = session.path().string();
    if (session.groundTruth().size() == 0)
        throw Error(where + ": the session has no ground truth to compare with");
    if (session.predictions().empty())
        throw Error(where + ": the session has no predictions (run `insolepose predict --session` first)");
    ComparisonInput in;
    in.session = QString::fromStdString(session.metadata().id.empty() ? session.path().filename().string()
                                                                      : session.metadata().id);
    in.sessionStart_ns = session.timeRange().first;
    const KeypointStream& primary = model.empty() ? session.predictions().front() : predictionNamed(session, model);
    in.primary = analysis::comparePoses(session.groundTruth(), primary);
    if (!against.empty())
        in.second = analysis::comparePoses(session.groundTruth(), predictionNamed(session, against));
    std::vector<std::string> tracks;
    for (const LabelTrack& t : session.labelTracks()) {
        tracks.push_back(t.name());
        if (!in.labels && (track.empty() || t.name() == track))
            in.labels = t;
    }
    if (!track.empty() && !in.labels)
        throw Error(where + ": no label track \"" + track + "\" (the session has: " + joined(tracks) + ")");
    in.gaitPhases = gaitPhasesOf(in.primary, analysis::analyzeGait(session).contacts);
    return in;
}

std::vector<std::string> gaitPhasesOf(const analysis::PoseComparison& c, const std::vector<analysis::Contact>& contacts)
{
    std::vector<TimeNs> times;
    times.reserve(c.frames.size());
    for (const analysis::FrameError& f : c.frames)
        times.push_back(f.time_ns);
    return analysis::phaseCategories(contacts, times);
}

ComparisonTables computeTables(const ComparisonInput& in)
{
    ComparisonTables t;
    t.primary = analysis::summarize(in.primary, in.from_ns, in.to_ns);
    if (in.second)
        t.second = analysis::summarize(*in.second, in.from_ns, in.to_ns);
    if (in.labels) {
        std::vector<std::string> labels = analysis::labelsPerFrame(in.primary, *in.labels);
        for (std::size_t i = 0; i < labels.size(); ++i)
            if (in.primary.frames[i].time_ns < in.from_ns || in.primary.frames[i].time_ns >= in.to_ns)
                labels[i].clear();
        t.byLabel = analysis::summarizeByCategory(in.primary, labels);
    }
    if (in.gaitPhases.size() == in.primary.frames.size()) {
        std::vector<std::string> phases = in.gaitPhases;
        for (std::size_t i = 0; i < phases.size(); ++i)
            if (in.primary.frames[i].time_ns < in.from_ns || in.primary.frames[i].time_ns >= in.to_ns)
                phases[i].clear();
        t.byGaitPhase = analysis::summarizeByCategory(in.primary, phases);
    }
    t.worst = analysis::worstFrames(in.primary, in.worstCount, in.from_ns, in.to_ns);
    return t;
}

BarChart jointChart(const ComparisonInput& in, const ComparisonTables& t)
{
    BarChart chart{QStringLiteral("Mean error per joint"), QStringLiteral("cm"), {}, {}, false};
    for (std::size_t k = 0; k < kKeypointCount; ++k)
        chart.categories.push_back(name(std::string(keypointName(k))));
    chart.series.push_back(
        {name(in.primary.model), kPrimaryColour, {t.primary.raw.joint_cm.begin(), t.primary.raw.joint_cm.end()}});
    if (in.second && t.second)
        chart.series.push_back(
            {name(in.second->model), kSecondColour, {t.second->raw.joint_cm.begin(), t.second->raw.joint_cm.end()}});
    return chart;
}

BarChart regionChart(const ComparisonInput& in, const ComparisonTables& t)
{
    BarChart chart{QStringLiteral("Error by body region and axis (%1)").arg(name(in.primary.model)),
                   QStringLiteral("cm"),
                   partNames(),
                   {}};
    chart.series.push_back({QStringLiteral("MPJPE"), kPrimaryColour, partValues(t.primary.raw)});
    chart.series.push_back({QStringLiteral("PA-MPJPE"), kAlignedColour, partValues(t.primary.aligned)});
    return chart;
}

BarChart labelChart(const ComparisonInput& in, const ComparisonTables& t)
{
    BarChart chart{QStringLiteral("Error by action (%1)").arg(name(in.primary.model)), QStringLiteral("cm"), {}, {}};
    BarSeries raw{QStringLiteral("MPJPE"), kPrimaryColour, {}}, aligned{QStringLiteral("PA-MPJPE"), kAlignedColour, {}};
    for (const auto& [label, s] : t.byLabel) {
        chart.categories.push_back(name(label));
        raw.values.push_back(s.raw.mean_cm);
        aligned.values.push_back(s.aligned.mean_cm);
    }
    chart.series = {raw, aligned};
    return chart;
}

QString jointCsv(const ComparisonInput& in, const ComparisonTables& t)
{
    QStringList header{"index", "joint", "region", name(in.primary.model) + "_cm", name(in.primary.model) + "_pa_cm"};
    if (in.second && t.second)
        header << name(in.second->model) + "_cm" << name(in.second->model) + "_pa_cm";
    std::vector<QStringList> rows;
    for (std::size_t k = 0; k < kKeypointCount; ++k) {
        QStringList row{QString::number(k), name(std::string(keypointName(k))),
                        name(std::string(analysis::bodyRegionName(analysis::bodyRegion(k)))),
                        cm(t.primary.raw.joint_cm[k]), cm(t.primary.aligned.joint_cm[k])};
        if (in.second && t.second)
            row << cm(t.second->raw.joint_cm[k]) << cm(t.second->aligned.joint_cm[k]);
        rows.push_back(row);
    }
    return csv(header, rows);
}

QString partCsv(const ComparisonInput& in, const ComparisonTables& t)
{
    (void)in;
    std::vector<QStringList> rows;
    const std::vector<QString> names = partNames();
    const std::vector<double> raw = partValues(t.primary.raw), aligned = partValues(t.primary.aligned);
    rows.push_back({QStringLiteral("all"), cm(t.primary.raw.mean_cm), cm(t.primary.aligned.mean_cm)});
    for (std::size_t i = 0; i < names.size(); ++i)
        rows.push_back({names[i], cm(raw[i]), cm(aligned[i])});
    for (const auto& [phase, st] : t.byGaitPhase)
        rows.push_back(
            {QStringLiteral("gait: ") + QString::fromStdString(phase), cm(st.raw.mean_cm), cm(st.aligned.mean_cm)});
    return csv({"part", "mpjpe_cm", "pa_mpjpe_cm"}, rows);
}

QString labelCsv(const ComparisonInput& in, const ComparisonTables& t)
{
    (void)in;
    return csv({"action", "frames", "mpjpe_cm", "pa_mpjpe_cm"}, labelRows(t));
}

QString worstFramesCsv(const ComparisonInput& in, const ComparisonTables& t)
{
    return csv({"rank", "time_s", "mpjpe_cm", "pa_mpjpe_cm", "label"}, worstRows(in, t));
}

OnePageReport comparisonReport(const ComparisonInput& in, const ComparisonTables& t)
{
    OnePageReport report(QStringLiteral("Pose comparison: %1").arg(in.session));
    report.setSubtitle(in.second ? QStringLiteral("%1 against %2").arg(name(in.primary.model), name(in.second->model))
                                 : name(in.primary.model));
    std::vector<std::pair<QString, QString>> facts{
        {QStringLiteral("Frames compared"), QString::number(t.primary.frames)},
        {QStringLiteral("Time range"),
         in.from_ns == std::numeric_limits<TimeNs>::min() && in.to_ns == std::numeric_limits<TimeNs>::max()
             ? QStringLiteral("whole session")
             : QStringLiteral("%1 – %2 s")
                   .arg(seconds(in.from_ns - in.sessionStart_ns), seconds(in.to_ns - in.sessionStart_ns))},
        {QStringLiteral("MPJPE"), cm(t.primary.raw.mean_cm) + QStringLiteral(" cm")},
        {QStringLiteral("PA-MPJPE"), cm(t.primary.aligned.mean_cm) + QStringLiteral(" cm")}};
    if (in.second && t.second)
        facts.push_back({QStringLiteral("MPJPE of %1").arg(name(in.second->model)),
                         cm(t.second->raw.mean_cm) + QStringLiteral(" cm")});
    report.addFacts(std::move(facts));
    report.addChart(jointChart(in, t));
    report.addChart(regionChart(in, t));
    if (!t.byLabel.empty()) {
        report.addChart(labelChart(in, t));
        report.addTable(QStringLiteral("By action"), {"action", "frames", "MPJPE cm", "PA-MPJPE cm"}, labelRows(t));
    }
    report.addTable(QStringLiteral("Worst frames"), {"rank", "time s", "MPJPE cm", "PA-MPJPE cm", "label"},
                    worstRows(in, t), 10);
    return report;
}

void writeComparison(const std::filesystem::path& dir, const ComparisonInput& in)
{
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
        throw IoError(dir.string() + ": cannot create the folder: " + ec.message());
    const ComparisonTables t = computeTables(in);
    writeText(dir / "comparison.csv", jointCsv(in, t));
    writeText(dir / "by_part.csv", partCsv(in, t));
    writeText(dir / "by_action.csv", labelCsv(in, t));
    writeText(dir / "worst_frames.csv", worstFramesCsv(in, t));
    writePng(dir / "per_joint.png", render(jointChart(in, t)));
    writePng(dir / "by_part.png", render(regionChart(in, t)));
    writePng(dir / "by_action.png", render(labelChart(in, t)));
    comparisonReport(in, t).writePdf(dir / "report.pdf");
}

} // namespace insolepose::report
