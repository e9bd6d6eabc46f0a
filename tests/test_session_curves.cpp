// The studio's curves and centre-of-pressure trail, computed in core: checked against a small
// session written here whose values are worked out by hand.
#include "insolepose/SessionCurves.h"
#include "insolepose/SessionReader.h"
#include "insolepose/SessionWriter.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <filesystem>

using namespace insolepose;
namespace fs = std::filesystem;

namespace {

constexpr TimeNs kStep = 100 * kNsPerMs;

/// A frame with `adc` at the given taxels (row, col) and zero elsewhere.
TactileFrame frameWith(Foot foot, TimeNs t, std::initializer_list<std::pair<int, int>> taxels, std::uint16_t adc,
                       std::uint32_t sequence)
{
    TactileFrame f;
    f.foot = foot;
    f.hostTime_ns = t;
    f.sequence = sequence;
    f.raw_adc.assign(std::size_t(kModelGrid.cellCount()), 0);
    for (auto [r, c] : taxels)
        f.raw_adc[std::size_t(r * kModelGrid.cols + c)] = adc;
    return f;
}

/// A standing pose: pelvis at (1, 2), shoulders along +y, so normalisation moves and turns it.
Pose standingPose()
{
    Pose p;
    for (std::size_t k = 0; k < kKeypointCount; ++k)
        p[k] = Eigen::Vector3f(1.0f + 0.01f * float(k), 2.0f + 0.02f * float(k % 5), 0.05f * float(k));
    return p;
}

bool near(double a, double b, double tolerance = 1e-4) { return std::abs(a - b) <= tolerance; }

} // namespace

class TestSessionCurves : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    fs::path m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        // Left foot, four frames 100 ms apart (default calibration: 4095 reads as 1.0):
        //   t0: one taxel (0, 0) at full scale            load 1.0, centre (0.5, 0.5)
        //   t1: taxels (2, 1) and (4, 1) at full scale    load 2.0, centre (3.5, 1.5)
        //   t2: nothing                                   load 0.0, no centre
        //   t3: taxel (10, 20) at half scale (2048)      load 2048/4095, centre (10.5, 20.5)
        m_dir = fs::path(m_tmp.path().toStdString()) / "curves";
        SessionMetadata meta;
        meta.id = "curves";
        SessionWriter w(m_dir, meta);
        w.appendTactile(frameWith(Foot::Left, 0 * kStep, {{0, 0}}, 4095, 0));
        w.appendTactile(frameWith(Foot::Left, 1 * kStep, {{2, 1}, {4, 1}}, 4095, 1));
        w.appendTactile(frameWith(Foot::Left, 2 * kStep, {}, 4095, 2));
        w.appendTactile(frameWith(Foot::Left, 3 * kStep, {{10, 20}}, 2048, 3));
        w.appendTactile(frameWith(Foot::Right, 0, {{5, 5}, {5, 6}, {6, 5}}, 4095, 0));
        // Ground truth at 0, 100, 200, 300 ms; the 200 ms frame lost a marker.
        Pose lost = standingPose();
        lost[3].x() = std::nanf("");
        w.appendGroundTruth(0 * kStep, standingPose());
        w.appendGroundTruth(1 * kStep, standingPose());
        w.appendGroundTruth(2 * kStep, lost);
        w.appendGroundTruth(3 * kStep, standingPose());
        w.close();
        // Predictions (normalised frame): at 10 ms every joint 1 cm above the truth; at 95 ms one
        // joint 3 cm off (MPJPE 3/19 cm); at 205 ms (its truth is invalid) anything; none near 300 ms.
        const Pose truth = normalizePose(standingPose());
        Pose up = truth, one = truth, far = truth;
        for (auto& j : up)
            j.z() += 0.01f;
        one[7].y() += 0.03f;
        far[0].x() += 1.0f;
        writePredictions(m_dir, "model", {10 * kNsPerMs, 95 * kNsPerMs, 205 * kNsPerMs}, {up, one, far});
    }

    void loadCurveSumsNormalisedTaxels()
    {
        const Session s = openSession(m_dir);
        const TimeCurve left = loadCurve(s.tactile(Foot::Left), Calibration{});
        QCOMPARE(left.times_ns, (std::vector<TimeNs>{0, kStep, 2 * kStep, 3 * kStep}));
        QCOMPARE(left.values.size(), std::size_t(4));
        QVERIFY(near(left.values[0], 1.0));
        QVERIFY(near(left.values[1], 2.0));
        QVERIFY(near(left.values[2], 0.0));
        QVERIFY(near(left.values[3], 2048.0 / 4095.0));
        const TimeCurve right = loadCurve(s.tactile(Foot::Right), Calibration{});
        QCOMPARE(right.values.size(), std::size_t(1));
        QVERIFY(near(right.values[0], 3.0));
        // The calibration is applied: a min/max range of 0..2048 makes half scale full.
        const TimeCurve scaled = loadCurve(s.tactile(Foot::Left), Calibration::minMax(0, 2048));
        QVERIFY(near(scaled.values[3], 1.0));
        QVERIFY(near(scaled.values[0], 1.0)); // clamped to 1
    }

    void errorCurveComparesNearbyValidFrames()
    {
        const Session s = openSession(m_dir);
        QCOMPARE(s.predictions().size(), std::size_t(1));
        const TimeCurve e = errorCurve(s.groundTruth(), s.predictions().front());
        // 0 ms: 1 cm; 100 ms: 3/19 cm; 200 ms: invalid truth, skipped; 300 ms: the nearest
        // prediction (205 ms, joint 0 one metre off) is 95 ms away, within 100 ms: 100/19 cm.
        QCOMPARE(e.times_ns, (std::vector<TimeNs>{0, kStep, 3 * kStep}));
        QVERIFY2(near(e.values[0], 1.0), qPrintable(QString::number(e.values[0])));
        QVERIFY2(near(e.values[1], 3.0 / 19.0), qPrintable(QString::number(e.values[1])));
        QVERIFY2(near(e.values[2], 100.0 / 19.0, 1e-3), qPrintable(QString::number(e.values[2])));
        // With a tighter tolerance the 300 ms frame (95 ms from its prediction) drops out.
        const TimeCurve tight = errorCurve(s.groundTruth(), s.predictions().front(), 50 * kNsPerMs);
        QCOMPARE(tight.times_ns, (std::vector<TimeNs>{0, kStep}));
    }

    void poseNearAndJointErrors()
    {
        const Session s = openSession(m_dir);
        QVERIFY(poseNear(s.groundTruth(), 40 * kNsPerMs, 100 * kNsPerMs).has_value());
        QVERIFY(!poseNear(s.groundTruth(), 200 * kNsPerMs, 100 * kNsPerMs).has_value()); // lost marker
        QVERIFY(!poseNear(s.groundTruth(), 600 * kNsPerMs, 100 * kNsPerMs).has_value()); // too far
        Pose predicted = normalizePose(standingPose());
        predicted[2].x() += 0.04f;
        const auto errors = jointErrors_cm(predicted, standingPose());
        QVERIFY(near(errors[2], 4.0));
        QVERIFY(near(errors[0], 0.0));
    }

    void trailFollowsTheCentreOfPressure()
    {
        const Session s = openSession(m_dir);
        const auto& left = s.tactile(Foot::Left);
        // At 300 ms with a 1 s window: every frame with load, oldest first (t2 has none).
        const auto trail = pressureTrail(left, Calibration{}, 3 * kStep);
        QCOMPARE(trail.size(), std::size_t(3));
        QCOMPARE(trail[0], (CentreOfPressure{0.5, 0.5}));
        QCOMPARE(trail[1], (CentreOfPressure{3.5, 1.5}));
        QCOMPARE(trail[2], (CentreOfPressure{10.5, 20.5}));
        // Between frames: up to the latest frame at or before t.
        const auto mid = pressureTrail(left, Calibration{}, 150 * kNsPerMs);
        QCOMPARE(mid.size(), std::size_t(2));
        QCOMPARE(mid.back(), (CentreOfPressure{3.5, 1.5}));
        // A 150 ms window at 300 ms keeps [150 ms, 300 ms]: only t3 (t2 has no centre).
        const auto shortTrail = pressureTrail(left, Calibration{}, 3 * kStep, 150 * kNsPerMs);
        QCOMPARE(shortTrail.size(), std::size_t(1));
        QCOMPARE(shortTrail[0], (CentreOfPressure{10.5, 20.5}));
        // Before the first frame: nothing.
        QVERIFY(pressureTrail(left, Calibration{}, -kNsPerMs).empty());
    }
};

QTEST_GUILESS_MAIN(TestSessionCurves)
#include "test_session_curves.moc"
