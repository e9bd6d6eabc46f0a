// Gait events, steps and pressure analyses (docs/GAIT.md): detection accuracy against the true
// events of synthetic sessions, step arithmetic on hand-made load curves, the events file, and
// bad input (no contact, one foot missing, gaps).
#include "insolepose/Error.h"
#include "insolepose/SessionReader.h"
#include "insolepose/SessionWriter.h"
#include "insolepose/analysis/Gait.h"
#include "insolepose/analysis/PressureMaps.h"
#include "insolepose/synth/GaitTruth.h"
#include "insolepose/synth/SynthDataset.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <filesystem>

using namespace insolepose;
using namespace insolepose::analysis;
namespace fs = std::filesystem;

namespace {

/// A synthetic session of one action, without video.
fs::path synthSession(const QTemporaryDir& tmp, synth::Action action, int subject, double seconds)
{
    synth::SynthOptions o;
    o.video = false;
    o.cameras = 0;
    const std::string id = std::string(synth::actionName(action)) + "-" + std::to_string(subject);
    const fs::path dir = fs::path(tmp.path().toStdString()) / id;
    const synth::MotionTimeline timeline(synth::makeSubject(11, subject), {{action, seconds}},
                                         1000u + std::uint32_t(subject) * 16u + std::uint32_t(action));
    synth::writeSynthSession(dir, id, timeline, o, 1000u + std::uint32_t(subject));
    return dir;
}

/// A load curve at 14 Hz from a function of time (seconds).
template <typename F> TimeCurve curveOf(double seconds, F load, double rate = 14.0)
{
    TimeCurve c;
    for (double t = 0; t <= seconds; t += 1.0 / rate) {
        c.times_ns.push_back(secondsToNs(t));
        c.values.push_back(float(load(t)));
    }
    return c;
}

/// Square-wave stance: loaded for `stance` seconds of every `period`, starting at `phase`.
double squareLoad(double t, double period, double stance, double phase, double level = 100.0)
{
    const double u = std::fmod(t - phase + 10 * period, period);
    return u < stance ? level : 0.5;
}

} // namespace

class TestGait : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void detectsSyntheticEventsWithinOneFrame_data();
    void detectsSyntheticEventsWithinOneFrame();
    void stepsFromHandMadeCurves();
    void noContactGivesNoSteps();
    void oneFootMissingStillGivesSteps();
    void gapMarksStepsIncomplete();
    void driftingBaselineStillDetects();
    void eventsFileRoundTripsAndNamesBadFields();
    void phaseCategories();
    void regionMasksCoverTheInsole();
    void pressureMapsRegionsAndPaths();
    void cliWritesFilesAndOnePagePdf();
};

void TestGait::detectsSyntheticEventsWithinOneFrame_data()
{
    QTest::addColumn<int>("action");
    QTest::newRow("walking") << int(synth::Action::Walking);
    QTest::newRow("backward-walking") << int(synth::Action::BackwardWalking);
    QTest::newRow("side-walking") << int(synth::Action::SideWalking);
}

void TestGait::detectsSyntheticEventsWithinOneFrame()
{
    QFETCH(int, action);
    QTemporaryDir tmp;
    std::vector<double> errors[2];
    int truth = 0, missed = 0, extra = 0;
    for (int subject = 0; subject < 2; ++subject) {
        const fs::path dir = synthSession(tmp, synth::Action(action), subject, 40.0);
        const Session session = openSession(dir);
        const GaitAnalysis a = analyzeGait(session);
        const auto trueEvents = readGaitEvents(dir / kTrueGaitEventsFile);
        QVERIFY(trueEvents.size() > 20);
        for (GaitEventKind kind : {GaitEventKind::HeelStrike, GaitEventKind::ToeOff}) {
            const EventScore s = scoreEvents(trueEvents, a.events, kind);
            auto& e = errors[int(kind)];
            e.insert(e.end(), s.errors_ms.begin(), s.errors_ms.end());
            truth += s.truth, missed += s.missed, extra += s.extra;
        }
        // Cadence from the pressure agrees with the ground-truth heels within 5 %.
        const double heels = cadenceFromHeels(session.groundTruth(), 0, secondsToNs(40.0));
        QVERIFY2(std::abs(a.session.cadence_steps_per_min - heels) < 0.05 * heels,
                 qPrintable(QString("cadence %1 vs heels %2").arg(a.session.cadence_steps_per_min).arg(heels)));
    }
    for (int k = 0; k < 2; ++k) {
        EventScore s;
        s.errors_ms = errors[k];
        qInfo("%s %s: median |error| %.1f ms, p95 %.1f ms", synth::actionName(synth::Action(action)).data(),
              k == 0 ? "heel strike" : "toe off", s.median_abs_ms(), s.p95_abs_ms());
        QVERIFY2(s.median_abs_ms() <= 71.0, qPrintable(QString::number(s.median_abs_ms())));
    }
    qInfo("events %d, missed %d, extra %d", truth, missed, extra);
    QVERIFY(missed <= 0.02 * truth);
    QVERIFY(extra <= 0.02 * truth);
}

void TestGait::stepsFromHandMadeCurves()
{
    // Left loaded 0.0-0.7 s of every 1.2 s, right 0.6-1.3 s: 0.1 s double support each side.
    FootPair<TimeCurve> load;
    load[Foot::Left] = curveOf(
        12.0, [](double t) { return squareLoad(t, 1.2, 0.7, 0.3); }, 200.0);
    load[Foot::Right] = curveOf(
        12.0, [](double t) { return squareLoad(t, 1.2, 0.7, 0.9); }, 200.0);
    const GaitAnalysis a = analyzeGait(load, nullptr);
    QVERIFY(a.session.totalSteps >= 18);
    int complete = 0;
    for (const GaitStep& s : a.steps) {
        if (!s.complete || !std::isfinite(s.swing_s) || !std::isfinite(s.step_s))
            continue;
        ++complete;
        QVERIFY2(std::abs(s.stance_s - 0.7) < 0.01, qPrintable(QString::number(s.stance_s)));
        QVERIFY(std::abs(s.swing_s - 0.5) < 0.01);
        QVERIFY(std::abs(s.stride_s - 1.2) < 0.01);
        QVERIFY(std::abs(s.step_s - 0.6) < 0.01);
        QVERIFY2(std::abs(s.doubleSupport_s - 0.2) < 0.01, qPrintable(QString::number(s.doubleSupport_s)));
        QVERIFY(std::abs(s.singleSupport_s - 0.5) < 0.01);
        QVERIFY(std::abs(s.peakLoad - 100.0) < 1e-3);
        QVERIFY(std::abs(s.impulse_s - 70.0) < 2.0);
    }
    QVERIFY(complete >= 14);
    QVERIFY(std::abs(a.session.cadence_steps_per_min - 100.0) < 1.0);
    QVERIFY(a.session.stanceAsymmetry_pct < 1.0);
    QCOMPARE(a.session.steps[Foot::Left] + a.session.steps[Foot::Right], a.session.totalSteps);
}

void TestGait::noContactGivesNoSteps()
{
    FootPair<TimeCurve> load;
    for (Foot f : kFeet)
        load[f] = curveOf(20.0, [](double t) { return 0.8 + 0.3 * std::sin(7.0 * t); });
    GaitAnalysis a = analyzeGait(load, nullptr);
    QVERIFY(a.steps.empty());
    QVERIFY(a.events.empty());
    QVERIFY(!a.notes.empty());
    QVERIFY(std::isnan(a.session.cadence_steps_per_min));
    // Standing still with both feet loaded (squat-like sway): no events either.
    for (Foot f : kFeet)
        load[f] = curveOf(20.0, [](double t) { return 80.0 + 15.0 * std::sin(3.0 * t); });
    a = analyzeGait(load, nullptr);
    QVERIFY(a.events.empty());
    for (const GaitStep& s : a.steps)
        QVERIFY(!s.complete);
}

void TestGait::oneFootMissingStillGivesSteps()
{
    FootPair<TimeCurve> load;
    load[Foot::Left] = curveOf(12.0, [](double t) { return squareLoad(t, 1.2, 0.7, 0.3); });
    const GaitAnalysis a = analyzeGait(load, nullptr);
    QVERIFY(a.session.steps[Foot::Left] >= 9);
    QCOMPARE(a.session.steps[Foot::Right], 0);
    QVERIFY(std::isnan(a.steps.front().doubleSupport_s));
    QVERIFY(
        std::any_of(a.notes.begin(), a.notes.end(), [](const std::string& n) { return n.find("right") != n.npos; }));
}

void TestGait::gapMarksStepsIncomplete()
{
    FootPair<TimeCurve> load;
    for (Foot f : kFeet) {
        load[f] = curveOf(12.0, [f](double t) { return squareLoad(t, 1.2, 0.7, f == Foot::Left ? 0.3 : 0.9); });
        // Frames between 5.1 s and 6.4 s are lost.
        TimeCurve& c = load[f];
        for (std::size_t i = c.times_ns.size(); i-- > 0;)
            if (c.times_ns[i] > secondsToNs(5.1) && c.times_ns[i] < secondsToNs(6.4)) {
                c.times_ns.erase(c.times_ns.begin() + std::ptrdiff_t(i));
                c.values.erase(c.values.begin() + std::ptrdiff_t(i));
            }
    }
    const GaitAnalysis a = analyzeGait(load, nullptr);
    QVERIFY(std::any_of(a.notes.begin(), a.notes.end(), [](const std::string& n) { return n.find("gap") != n.npos; }));
    for (const Contact& c : a.contacts)
        QVERIFY2(!(c.start_ns < secondsToNs(5.1) && c.end_ns > secondsToNs(6.4)), "a contact spans the gap");
    QVERIFY(std::any_of(a.steps.begin(), a.steps.end(), [](const GaitStep& s) { return !s.complete; }));
    QVERIFY(a.session.totalSteps >= 16);
}

void TestGait::driftingBaselineStillDetects()
{
    // The unloaded level drifts from 0 to 40 load units over 30 s; the loaded level rides on it.
    FootPair<TimeCurve> load;
    for (Foot f : kFeet)
        load[f] = curveOf(30.0, [f](double t) {
            return squareLoad(t, 1.2, 0.7, f == Foot::Left ? 0.3 : 0.9) + 40.0 * t / 30.0 + 2.0 * std::sin(40.0 * t);
        });
    const GaitAnalysis a = analyzeGait(load, nullptr);
    // 25 periods, both feet: every stance found, none extra.
    QVERIFY2(std::abs(a.session.totalSteps - 50) <= 1, qPrintable(QString::number(a.session.totalSteps)));
    QVERIFY2(std::abs(a.session.cadence_steps_per_min - 100.0) < 3.0,
             qPrintable(QString::number(a.session.cadence_steps_per_min)));
}

void TestGait::eventsFileRoundTripsAndNamesBadFields()
{
    QTemporaryDir tmp;
    const fs::path file = fs::path(tmp.path().toStdString()) / kGaitEventsFile;
    const std::vector<GaitEvent> events = {{Foot::Left, GaitEventKind::HeelStrike, 1'234'567'890'123LL},
                                           {Foot::Right, GaitEventKind::ToeOff, -5}};
    writeGaitEvents(file, events);
    QCOMPARE(readGaitEvents(file), events);
    QFile f(QString::fromStdString(file.string()));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(R"({"schema_version": 1, "events": [{"foot": "left", "kind": "heel_strike", "time_ns": "1"},
               {"foot": "left", "kind": "hop", "time_ns": "2"}]})");
    f.close();
    try {
        readGaitEvents(file);
        QFAIL("a bad kind was accepted");
    } catch (const FormatError& e) {
        const QString what = e.what();
        QVERIFY2(what.contains("events[1].kind") && what.contains("hop") && what.contains(kGaitEventsFile),
                 qPrintable(what));
    }
}

void TestGait::phaseCategories()
{
    const std::vector<Contact> contacts = {{Foot::Left, 0, 700, true, true},
                                           {Foot::Right, 600, 1300, true, true},
                                           {Foot::Left, 1200, 1900, true, true},
                                           {Foot::Right, 1800, 2500, true, true}};
    QCOMPARE(phaseAt(contacts, Foot::Left, 800), GaitPhase::Swing);
    QCOMPARE(phaseAt(contacts, Foot::Left, 650), GaitPhase::Stance);
    QCOMPARE(phaseAt(contacts, Foot::Left, 2000), GaitPhase::Unknown);
    QCOMPARE(phaseCategory(contacts, 650), std::string("double-support"));
    QCOMPARE(phaseCategory(contacts, 1000), std::string("single-support"));
    QCOMPARE(phaseCategory(contacts, 100), std::string());
}

void TestGait::regionMasksCoverTheInsole()
{
    for (InsoleSize size : {InsoleSize::Small, InsoleSize::Large}) {
        const GridSize g = sourceGrid(size);
        const RegionMask left = defaultRegionMask(size, Foot::Left);
        const RegionMask right = defaultRegionMask(size, Foot::Right);
        int inside = 0;
        for (std::size_t i = 0; i < left.zone.size(); ++i)
            inside += left.zone[i] >= 0;
        QCOMPARE(inside, g.cellCount()); // every taxel of the sensor grid, none of the padding
        // Toes at row 0, heel at the last row; the big toe's side (medial) is mirrored between feet.
        QCOMPARE(int(left.zone[0]), int(FootZone::Toes));
        QCOMPARE(int(left.zone[std::size_t((g.rows - 1) * kModelGrid.cols)]), int(FootZone::Heel));
        QCOMPARE(int(right.lateral[0]), 0);
        QCOMPARE(int(left.lateral[0]), 1);
        QCOMPARE(int(right.zone[std::size_t(kModelGrid.cellCount() - 1)]), size == InsoleSize::Large ? -1 : 0);
    }
    // Moving a bound moves the zone of a row.
    const RegionMask moved = defaultRegionMask(InsoleSize::Small, Foot::Left, {0.18, 0.45, 0.5});
    QCOMPARE(int(moved.zone[std::size_t(16 * kModelGrid.cols)]), int(FootZone::Heel));
    QCOMPARE(int(defaultRegionMask(InsoleSize::Small, Foot::Left).zone[std::size_t(16 * kModelGrid.cols)]),
             int(FootZone::Midfoot));
}

void TestGait::pressureMapsRegionsAndPaths()
{
    // Left foot: heel taxel (28, 11) loaded fully in frames 0 and 1, toe taxel (1, 11) half in frame 2.
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "maps";
    {
        SessionMetadata meta;
        meta.id = "maps";
        SessionWriter w(dir, meta);
        auto frame = [](Foot foot, TimeNs t, int row, std::uint16_t adc, std::uint32_t seq) {
            TactileFrame f;
            f.foot = foot;
            f.hostTime_ns = t;
            f.sequence = seq;
            f.raw_adc.assign(std::size_t(kModelGrid.cellCount()), 0);
            f.raw_adc[std::size_t(row * kModelGrid.cols + 11)] = adc;
            return f;
        };
        w.appendTactile(frame(Foot::Left, 0, 28, 4095, 0));
        w.appendTactile(frame(Foot::Left, 100 * kNsPerMs, 28, 4095, 1));
        w.appendTactile(frame(Foot::Left, 200 * kNsPerMs, 1, 2048, 2));
        w.appendTactile(frame(Foot::Right, 0, 28, 4095, 0));
        w.close();
    }
    const Session s = openSession(dir);
    const auto& cal = s.metadata().insoles[Foot::Left].calibration;
    const PressureMaps m = pressureMaps(s.tactile(Foot::Left), cal, 0, secondsToNs(1.0));
    QCOMPARE(m.frames, std::size_t(3));
    const std::size_t heel = 28 * kModelGrid.cols + 11, toe = 1 * kModelGrid.cols + 11;
    QCOMPARE(m.peak[heel], 1.0f);
    QVERIFY(std::abs(m.mean[heel] - 2.0f / 3.0f) < 1e-5f);
    QVERIFY(std::abs(m.peak[toe] - 2048.0f / 4095.0f) < 1e-4f);
    QCOMPARE(pressureMaps(s.tactile(Foot::Left), cal, 0, 150 * kNsPerMs).frames, std::size_t(2));

    const RegionCurves rc =
        regionCurves(s.tactile(Foot::Left), cal, defaultRegionMask(InsoleSize::Small, Foot::Left), 0, secondsToNs(1.0));
    QCOMPARE(rc.times_ns.size(), std::size_t(3));
    QCOMPARE(rc.zones[std::size_t(FootZone::Heel)][0], 1.0f);
    QCOMPARE(rc.zones[std::size_t(FootZone::Toes)][0], 0.0f);
    QVERIFY(rc.zones[std::size_t(FootZone::Toes)][2] > 0.4f);
    QCOMPARE(rc.sides[0][0] + rc.sides[1][0], 1.0f); // medial + lateral = the whole load

    const auto path = copPath(s.tactile(Foot::Left), cal, 0, secondsToNs(1.0));
    QCOMPARE(path.size(), std::size_t(3));
    QVERIFY(std::abs(path[0].row - 28.5) < 1e-6 && std::abs(path[2].row - 1.5) < 1e-6);
    // On the butterfly plane the left foot lies left of the centre, its toes further forward.
    const PlanePoint heelPoint = planePoint(InsoleSize::Small, Foot::Left, path[0]);
    const PlanePoint toePoint = planePoint(InsoleSize::Small, Foot::Left, path[2]);
    QVERIFY(heelPoint.x_cm < 0 && toePoint.y_cm > heelPoint.y_cm);
    const auto fly = butterfly(s, 0, secondsToNs(1.0));
    QCOMPARE(fly.size(), std::size_t(3));
    // Both heels loaded equally: halfway between them.
    const double middle = 0.5 * (heelPoint.x_cm + planePoint(InsoleSize::Small, Foot::Right, path[0]).x_cm);
    QVERIFY(std::abs(fly[0].x_cm - middle) < 1e-6 && std::abs(middle) < 1.0);

    // Stance curves: a square stance resampled to 101 points, all at the loaded level.
    FootPair<TimeCurve> load;
    load[Foot::Left] = curveOf(
        6.0, [](double t) { return squareLoad(t, 1.2, 0.7, 0.3); }, 200.0);
    load[Foot::Right] = curveOf(
        6.0, [](double t) { return squareLoad(t, 1.2, 0.7, 0.9); }, 200.0);
    const auto curves = stanceCurves(analyzeGait(load, nullptr));
    QVERIFY(curves.size() >= 6);
    const auto mean = meanStanceCurve(curves, Foot::Left);
    QCOMPARE(mean.size(), std::size_t(101));
    QVERIFY(std::abs(mean[50] - 100.0f) < 1e-3f);
}

void TestGait::cliWritesFilesAndOnePagePdf()
{
    // `insolepose gait` on a copy of the demo session (never written into).
    QTemporaryDir tmp;
    const fs::path demo = fs::path(tmp.path().toStdString()) / "demo";
    fs::copy(INSOLEPOSE_DEMO_SESSION, demo, fs::copy_options::recursive);
    const QString out = tmp.filePath("gait");
    QProcess p;
    p.start(INSOLEPOSE_CLI, {"gait", QString::fromStdString(demo.string()), "--out", out});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    for (const char* f : {"steps.csv", "summary.json", "gait_events.json", "stance_curves.png", "butterfly.png",
                          "peak_pressure_left.png", "mean_pressure_right.png", "report.pdf"})
        QVERIFY2(QFile::exists(out + "/" + f), f);
    QFile summaryFile(out + "/summary.json");
    QVERIFY(summaryFile.open(QIODevice::ReadOnly));
    const QJsonObject summary = QJsonDocument::fromJson(summaryFile.readAll()).object();
    const Session s = openSession(demo);
    const GaitAnalysis a = analyzeGait(s);
    QCOMPARE(summary["steps"].toObject()["total"].toInt(), a.session.totalSteps);
    QCOMPARE(summary["steps"].toObject()["left"].toInt(), a.session.steps[Foot::Left]);
    QVERIFY(std::abs(summary["cadence_steps_per_min"].toDouble() - a.session.cadence_steps_per_min) < 1e-9);
    QVERIFY(summary["per_label"].toObject()["walking"].toObject()["cadence_steps_per_min"].toDouble() > 60);
    QFile csv(out + "/steps.csv");
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll().count('\n'), qsizetype(a.steps.size() + 1));
    QFile pdf(out + "/report.pdf");
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    const QByteArray bytes = pdf.readAll();
    QVERIFY(bytes.startsWith("%PDF"));
    QCOMPARE(QString::fromLatin1(bytes).count(QRegularExpression("/Type\\s*/Page[^s]")), 1);
    QVERIFY(!fs::exists(demo / kGaitEventsFile)); // the session is only read
}

QTEST_GUILESS_MAIN(TestGait)
#include "test_gait.moc"
