// Physics of the synthetic generator: planted feet, the floor, body-weight sharing, centre of
// pressure progressions, squats, lunges and warm-up; plus determinism and a written session.
#include "insolepose/Error.h"
#include "insolepose/SessionReader.h"
#include "insolepose/media/VideoReader.h"
#include "insolepose/synth/InsoleModel.h"
#include "insolepose/synth/Motion.h"
#include "insolepose/synth/SynthDataset.h"

#include <Eigen/Geometry>

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <cmath>
#include <numeric>
#include <random>

using namespace insolepose;
using namespace insolepose::synth;

namespace {

constexpr double kRate = 100.0; // kinematic checks sample at 100 Hz

MotionTimeline timelineFor(Action a, double seconds = 40.0, std::uint32_t seed = 11, int subject = 0)
{
    return MotionTimeline(makeSubject(5, subject), {{a, seconds}}, seed);
}

std::size_t footKeypoint(Foot f, int which) // 0 heel, 1 big toe, 2 small toe, 3 ankle
{
    static const Keypoint left[] = {Keypoint::LeftHeel, Keypoint::LeftBigToe, Keypoint::LeftSmallToe,
                                    Keypoint::LeftAnkle};
    static const Keypoint right[] = {Keypoint::RightHeel, Keypoint::RightBigToe, Keypoint::RightSmallToe,
                                     Keypoint::RightAnkle};
    return static_cast<std::size_t>(f == Foot::Left ? left[which] : right[which]);
}

/// Normalised frame as the lab would see it: pressure -> sensor -> calibration.
std::vector<float> sensed(const InsoleModel& model, const Subject& s, const BodySample& b, Foot f, std::mt19937& rng)
{
    std::vector<float> kpa;
    const FootContact& c = b.feet[static_cast<std::size_t>(f)];
    model.pressure(c, InsoleModel::footForce_N(s, c, b.verticalAccel_mps2), kpa);
    std::vector<std::uint16_t> raw;
    model.read(kpa, rng, raw);
    return model.calibration().normalize(raw);
}

float regionShare(const std::vector<float>& v, int rowFrom, int rowTo)
{
    float part = 0, all = 0;
    for (int r = 0; r < kModelGrid.rows; ++r)
        for (int c = 0; c < kModelGrid.cols; ++c) {
            const float x = v[std::size_t(r * kModelGrid.cols + c)];
            all += x;
            if (r >= rowFrom && r < rowTo)
                part += x;
        }
    return all > 0 ? part / all : 0.0f;
}

double pearson(const std::vector<double>& a, const std::vector<double>& b)
{
    const double ma = std::accumulate(a.begin(), a.end(), 0.0) / double(a.size());
    const double mb = std::accumulate(b.begin(), b.end(), 0.0) / double(b.size());
    double sab = 0, saa = 0, sbb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma) * (a[i] - ma);
        sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / std::sqrt(saa * sbb);
}

struct StanceInterval {
    double start, end;
};
std::vector<StanceInterval> stanceIntervals(const MotionTimeline& tl, Foot f, double from, double to)
{
    std::vector<StanceInterval> out;
    bool in = false;
    double start = 0;
    for (double t = from; t <= to; t += 1.0 / kRate) {
        const bool stance = tl.sample(t).feet[static_cast<std::size_t>(f)].stance;
        if (stance && !in)
            start = t, in = true;
        if (!stance && in) {
            out.push_back({start, t});
            in = false;
        }
    }
    return out;
}

} // namespace

class TestSynth : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void videoReaderIsFrameAccurate()
    {
        // Frame-numbered videos (each frame shows its index as 10 black/white blocks) in both
        // formats the product writes: long-GOP H.264 .mp4 (synthetic) and MJPEG .mkv (recorder).
        // Random jumps backwards and forwards must land on exactly the requested frame.
        QTemporaryDir tmp;
        const int n = 400;
        for (const auto& [name, fourcc] : {std::pair{"numbered.mp4", cv::VideoWriter::fourcc('a', 'v', 'c', '1')},
                                           std::pair{"numbered.mkv", cv::VideoWriter::fourcc('M', 'J', 'P', 'G')}}) {
            const std::string file = tmp.filePath(name).toStdString();
            {
                cv::VideoWriter w(file, cv::CAP_FFMPEG, fourcc, 30.0, cv::Size(320, 64));
                QVERIFY2(w.isOpened(), name);
                for (int i = 0; i < n; ++i) {
                    cv::Mat img(64, 320, CV_8UC3, cv::Scalar(128, 128, 128));
                    for (int b = 0; b < 10; ++b)
                        cv::rectangle(img, cv::Rect(b * 32, 0, 32, 64),
                                      (i >> b) & 1 ? cv::Scalar(255, 255, 255) : cv::Scalar(0, 0, 0), cv::FILLED);
                    w.write(img);
                }
            }
            VideoReader reader(file);
            QCOMPARE(reader.width(), 320);
            auto decodeIndex = [](const VideoImage& v) {
                int index = 0;
                for (int b = 0; b < 10; ++b) {
                    const std::size_t at = (std::size_t(32) * std::size_t(v.width) + std::size_t(b * 32 + 16)) * 3;
                    if (v.rgb[at] > 128)
                        index |= 1 << b;
                }
                return index;
            };
            std::mt19937 rng(3);
            std::vector<std::int64_t> order{0, 1, 2, n - 1, 5, 4, 200, 201, 150, 399, 0};
            for (int k = 0; k < 60; ++k)
                order.push_back(std::int64_t(rng() % n));
            VideoImage frame;
            for (std::int64_t want : order) {
                QVERIFY2(reader.read(want, frame), qPrintable(QString("%1 frame %2").arg(name).arg(want)));
                QCOMPARE(frame.index, want);
                QCOMPARE(decodeIndex(frame), int(want));
            }
            qInfo("%s: %zu random reads, %lld seeks, %lld frames decoded", name, order.size(),
                  (long long)reader.seeks(), (long long)reader.decodedFrames());
            QVERIFY(!reader.read(n + 100, frame));
        }
        QVERIFY_THROWS_EXCEPTION(IoError, VideoReader(tmp.filePath("missing.mp4").toStdString()));
        QFile junk(tmp.filePath("junk.mp4"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(4096, 'x'));
        junk.close();
        try {
            VideoReader r(junk.fileName().toStdString());
            VideoImage f;
            QVERIFY(!r.read(0, f)); // opened by a lenient demuxer: then nothing decodes
        } catch (const IoError& e) {
            QVERIFY(QString(e.what()).contains("junk.mp4"));
        }
    }

    void subjectsAreInRangeAndDeterministic()
    {
        for (int i = 0; i < 60; ++i) {
            const Subject s = makeSubject(9, i);
            QVERIFY(s.height_m >= 1.5f && s.height_m <= 1.95f);
            QVERIFY(s.mass_kg >= 45.0f && s.mass_kg <= 100.0f);
            QCOMPARE(s.insole, s.footLength_m <= 0.25f ? InsoleSize::Small : InsoleSize::Large);
            QVERIFY(!s.deadTaxels[0].empty() && !s.deadTaxels[1].empty());
            QVERIFY(std::abs(s.sensitivity[0] - 1.0f) <= 0.1f);
            QCOMPARE(makeSubject(9, i).height_m, s.height_m);
        }
        QVERIFY(makeSubject(9, 0).height_m != makeSubject(10, 0).height_m);
    }

    void feetStayAboveTheFloor()
    {
        for (Action a : allActions()) {
            const MotionTimeline tl = timelineFor(a, 30.0);
            float lowest = 1.0f;
            for (double t = 0; t <= tl.duration_s(); t += 1.0 / kRate) {
                const Pose p = tl.sample(t).pose;
                for (Foot f : kFeet)
                    for (int k = 0; k < 4; ++k)
                        lowest = std::min(lowest, p[footKeypoint(f, k)].z());
                QVERIFY(isFinite(p));
            }
            QVERIFY2(lowest >= -1e-4f,
                     qPrintable(QString("%1: lowest foot point %2 m").arg(actionName(a).data()).arg(lowest)));
        }
    }

    void stanceFeetDoNotSlide()
    {
        for (Action a : allActions()) {
            const MotionTimeline tl = timelineFor(a, 30.0);
            double worst = 0;
            for (Foot f : kFeet) {
                for (const auto& iv : stanceIntervals(tl, f, 0.0, tl.duration_s())) {
                    // Heel and big toe, while each rests on the floor, stay put.
                    for (int k : {0, 1}) {
                        const float floorLevel = k == 0 ? 0.0255f : 0.0205f;
                        std::optional<Eigen::Vector2f> first;
                        for (double t = iv.start; t < iv.end; t += 1.0 / kRate) {
                            const Eigen::Vector3f p = tl.sample(t).pose[footKeypoint(f, k)];
                            if (p.z() > floorLevel)
                                continue;
                            if (!first)
                                first = p.head<2>();
                            worst = std::max(worst, double((p.head<2>() - *first).norm()));
                        }
                    }
                }
            }
            qInfo("%s: stance foot slides at most %.2f mm", actionName(a).data(), worst * 1000);
            QVERIFY2(worst < 0.01, actionName(a).data());
        }
    }

    void forceFollowsTheShareOfBodyWeight()
    {
        const MotionTimeline tl = timelineFor(Action::Walking);
        const Subject& s = tl.subject();
        InsoleModel left(s, Foot::Left, 3);
        std::mt19937 rng(1);
        std::vector<double> truth, measured;
        for (double t = 3.0; t < tl.duration_s() - 3.0; t += 1.0 / 14.0) {
            const BodySample b = tl.sample(t);
            const float fl = InsoleModel::footForce_N(s, b.feet[0], b.verticalAccel_mps2);
            const float fr = InsoleModel::footForce_N(s, b.feet[1], b.verticalAccel_mps2);
            // The two feet carry the whole body, dynamic load included.
            const float whole = s.mass_kg * (9.81f + std::clamp(b.verticalAccel_mps2, -9.81f, 29.4f));
            QVERIFY(std::abs(fl + fr - whole) < 0.01f * whole);
            // The pressure map integrates to the force exactly.
            std::vector<float> kpa;
            left.pressure(b.feet[0], fl, kpa);
            const double integrated = std::accumulate(kpa.begin(), kpa.end(), 0.0) * 1000.0 * left.taxelArea_m2();
            QVERIFY(std::abs(integrated - fl) < 0.01 * std::max(1.0f, fl));
            const auto v = sensed(left, s, b, Foot::Left, rng);
            truth.push_back(fl);
            measured.push_back(std::accumulate(v.begin(), v.end(), 0.0));
        }
        const double r = pearson(truth, measured);
        qInfo("walking: correlation of sensed total pressure with the left foot's force r = %.3f", r);
        QVERIFY(r > 0.9);

        // Quiet stance with a side bend: the foot carrying more weight reads more.
        const MotionTimeline warm = timelineFor(Action::WarmUp);
        InsoleModel right(s, Foot::Right, 3);
        int agree = 0, total = 0;
        for (double t = 2.0; t < warm.duration_s() - 2.0; t += 0.25) {
            const BodySample b = warm.sample(t);
            if (std::abs(b.feet[0].support - 0.5f) < 0.05f)
                continue;
            const auto l = sensed(left, warm.subject(), b, Foot::Left, rng);
            const auto rr = sensed(right, warm.subject(), b, Foot::Right, rng);
            const bool heavierLeft = b.feet[0].support > 0.5f;
            const double sl = std::accumulate(l.begin(), l.end(), 0.0), sr = std::accumulate(rr.begin(), rr.end(), 0.0);
            agree += (sl > sr) == heavierLeft;
            ++total;
        }
        QVERIFY(total > 10);
        QVERIFY2(agree >= total * 8 / 10, qPrintable(QString("%1 of %2").arg(agree).arg(total)));
    }

    void centreOfPressureRollsThroughStance_data()
    {
        QTest::addColumn<int>("action");
        QTest::addColumn<int>("direction"); // +1 heel to toe (row falls), -1 toe to heel
        QTest::newRow("walking") << int(Action::Walking) << 1;
        QTest::newRow("backward walking") << int(Action::BackwardWalking) << -1;
    }
    void centreOfPressureRollsThroughStance()
    {
        QFETCH(int, action);
        QFETCH(int, direction);
        const MotionTimeline tl = timelineFor(Action(action));
        const Subject& s = tl.subject();
        std::mt19937 rng(2);
        int ok = 0, total = 0;
        for (Foot f : kFeet) {
            InsoleModel model(s, f, 4);
            for (const auto& iv : stanceIntervals(tl, f, 3.0, tl.duration_s() - 3.0)) {
                const double len = iv.end - iv.start;
                if (len < 0.3 || len > 2.0)
                    continue;
                auto copRow = [&](double t) {
                    const auto v = sensed(model, s, tl.sample(t), f, rng);
                    return summarize(v, kModelGrid).copRow;
                };
                const float early = copRow(iv.start + 0.1 * len);
                const float late = copRow(iv.end - 0.1 * len);
                ++total;
                ok += direction * (early - late) > 4.0f; // rows: 0 toes .. 29 heel
            }
        }
        qInfo("%d of %d stance phases roll the right way", ok, total);
        QVERIFY(total >= 20);
        QVERIFY(ok >= total * 9 / 10);
    }

    void squatsLoadTheHeels()
    {
        const MotionTimeline tl = timelineFor(Action::Squat);
        const Subject& s = tl.subject();
        InsoleModel model(s, Foot::Left, 5);
        std::mt19937 rng(3);
        const float standingHeel = regionShare(sensed(model, s, tl.sample(0.2), Foot::Left, rng), 20, 30);
        // The deepest moments of the squats.
        int deep = 0;
        for (double t = 2.0; t < tl.duration_s() - 2.0; t += 0.05) {
            const BodySample b = tl.sample(t);
            if (pelvis(b.pose).z() > s.standingHipHeight() - 0.3f)
                continue;
            const float heel = regionShare(sensed(model, s, b, Foot::Left, rng), 20, 30);
            QVERIFY2(heel > 0.6f && heel > standingHeel + 0.1f,
                     qPrintable(QString("heel share %1 (standing %2)").arg(heel).arg(standingHeel)));
            ++deep;
        }
        QVERIFY(deep > 20);
    }

    void lungeRearFootLoadsTheForefoot()
    {
        const MotionTimeline tl = timelineFor(Action::Lunge);
        const Subject& s = tl.subject();
        InsoleModel models[2] = {InsoleModel(s, Foot::Left, 6), InsoleModel(s, Foot::Right, 6)};
        std::mt19937 rng(4);
        int bottoms = 0;
        for (double t = 1.0; t < tl.duration_s() - 1.0; t += 0.05) {
            const BodySample b = tl.sample(t);
            if (pelvis(b.pose).z() > s.standingHipHeight() - 0.2f)
                continue;
            // The rear foot is the one whose heel is further back along the facing direction.
            const Eigen::Vector3f facing =
                (b.pose[std::size_t(Keypoint::RightShoulder)] - b.pose[std::size_t(Keypoint::LeftShoulder)])
                    .cross(Eigen::Vector3f::UnitZ());
            const float l = b.pose[footKeypoint(Foot::Left, 0)].dot(-facing);
            const float r = b.pose[footKeypoint(Foot::Right, 0)].dot(-facing);
            const Foot rear = l < r ? Foot::Left : Foot::Right;
            const auto v = sensed(models[int(rear)], s, b, rear, rng);
            const float forefoot = regionShare(v, 0, 13);
            QVERIFY2(forefoot > 0.6f, qPrintable(QString("rear forefoot share %1 at %2 s").arg(forefoot).arg(t)));
            ++bottoms;
        }
        QVERIFY(bottoms > 20);
    }

    void warmUpMovesTheWristsNotThePressure()
    {
        auto measure = [](Action a, double& wristSpread, double& pressureChange) {
            const MotionTimeline tl = timelineFor(a, 40.0);
            const Subject& s = tl.subject();
            InsoleModel model(s, Foot::Left, 7);
            std::mt19937 rng(5);
            std::vector<Eigen::Vector3f> wrists;
            std::vector<float> prev;
            double change = 0;
            int n = 0;
            for (double t = 2.0; t < tl.duration_s() - 2.0; t += 1.0 / 14.0) {
                const BodySample b = tl.sample(t);
                // Wrists relative to the pelvis, so that walking's travel does not count.
                wrists.push_back(b.pose[std::size_t(Keypoint::LeftWrist)] - pelvis(b.pose));
                const auto v = sensed(model, s, b, Foot::Left, rng);
                if (!prev.empty()) {
                    double d = 0;
                    for (std::size_t i = 0; i < v.size(); ++i)
                        d += std::abs(v[i] - prev[i]);
                    change += d / double(v.size());
                    ++n;
                }
                prev = v;
            }
            Eigen::Vector3f mean = Eigen::Vector3f::Zero();
            for (const auto& w : wrists)
                mean += w / float(wrists.size());
            double var = 0;
            for (const auto& w : wrists)
                var += (w - mean).squaredNorm() / double(wrists.size());
            wristSpread = std::sqrt(var);
            pressureChange = change / n;
        };
        double warmWrist, warmPressure, walkWrist, walkPressure;
        measure(Action::WarmUp, warmWrist, warmPressure);
        measure(Action::Walking, walkWrist, walkPressure);
        qInfo("wrist spread: warm-up %.3f m, walking %.3f m; mean frame-to-frame pressure change: warm-up %.4f, "
              "walking %.4f",
              warmWrist, walkWrist, warmPressure, walkPressure);
        QVERIFY(warmWrist > 0.25);
        QVERIFY(warmWrist > 1.5 * walkWrist);
        QVERIFY(warmPressure < 0.4 * walkPressure);
    }

    void motionIsSmoothAcrossActions()
    {
        std::vector<std::pair<Action, double>> plan;
        for (Action a : allActions())
            plan.emplace_back(a, 12.0);
        const MotionTimeline tl(makeSubject(5, 2), plan, 21);
        QCOMPARE(tl.segments().size(), std::size_t(7));
        double fastest = 0;
        Pose prev = tl.sample(0).pose;
        for (double t = 0.01; t <= tl.duration_s(); t += 0.01) {
            const Pose p = tl.sample(t).pose;
            for (std::size_t k = 0; k < kKeypointCount; ++k)
                fastest = std::max(fastest, double((p[k] - prev[k]).norm()) / 0.01);
            prev = p;
        }
        qInfo("fastest keypoint over a mixed recording: %.2f m/s", fastest);
        QVERIFY(fastest < 7.0); // no jumps, not even at the action boundaries
    }

    void sameSeedSameMotion()
    {
        const MotionTimeline a = timelineFor(Action::Walking, 20, 5), b = timelineFor(Action::Walking, 20, 5),
                             c = timelineFor(Action::Walking, 20, 6);
        QVERIFY(mpjpe(a.sample(7.3).pose, b.sample(7.3).pose) == 0.0f);
        QVERIFY(mpjpe(a.sample(7.3).pose, c.sample(7.3).pose) > 0.01f);
    }

    void writesAReadableSessionWithVideo()
    {
        SynthOptions o;
        o.minutesPerAction = 0.1;
        o.cameras = 1;
        o.videoWidth = 320;
        o.videoHeight = 240;
        const MotionTimeline tl(makeSubject(3, 1), {{Action::Walking, 6.0}}, 8);
        const std::filesystem::path dir = std::filesystem::path(m_tmp.path().toStdString()) / "one";
        const SynthReport r = writeSynthSession(dir, "S02-walking", tl, o, 8);
        const Session s = openSession(dir);
        QVERIFY2(s.warnings().empty(), s.warnings().empty() ? "" : s.warnings()[0].c_str());
        QCOMPARE(s.groundTruth().size(), std::size_t(181));
        QVERIFY(std::abs(int(s.tactile(Foot::Left).size()) - 84) <= 1);
        QCOMPARE(r.tactileFrames, s.tactile(Foot::Left).size() + s.tactile(Foot::Right).size());
        QCOMPARE(s.labelTracks().at(0).segments().at(0).label, std::string("walking"));
        QCOMPARE(s.metadata().insoles[0].calibration.mode(), Calibration::Mode::PerTaxelBaseline);
        QVERIFY(!s.metadata().insoles[0].calibration.badTaxels().empty());
        for (std::size_t i = 1; i < s.tactile(Foot::Right).size(); ++i) {
            QVERIFY(s.tactile(Foot::Right).timeAt(i) > s.tactile(Foot::Right).timeAt(i - 1));
            QCOMPARE(s.tactile(Foot::Right).sequenceAt(i), std::uint32_t(i));
        }
        // The video holds one frame per timestamp and shows the person.
        QCOMPARE(s.cameras().size(), std::size_t(1));
        const CameraStream& cam = s.cameras()[0];
        QCOMPARE(cam.parameters["class_name"].toString(), QStringLiteral("PinholeCameraParameter"));
        cv::VideoCapture cap(cam.videoPath.string());
        QVERIFY(cap.isOpened());
        cv::Mat frame, first;
        std::size_t frames = 0;
        double maxDiff = 0;
        while (cap.read(frame)) {
            if (frames == 0)
                first = frame.clone();
            else
                maxDiff = std::max(maxDiff, cv::norm(frame, first, cv::NORM_L1) / double(frame.total()));
            ++frames;
        }
        QCOMPARE(frames, cam.frames.size());
        QCOMPARE(first.cols, 320);
        QVERIFY2(maxDiff > 1.0, "the video does not change: nobody moves in it");

        // Deterministic for a seed.
        const std::filesystem::path again = std::filesystem::path(m_tmp.path().toStdString()) / "again";
        writeSynthSession(again, "S02-walking", tl, SynthOptions{.video = false}, 8);
        const Session s2 = openSession(again);
        QCOMPARE(s2.tactile(Foot::Left).size(), s.tactile(Foot::Left).size());
        const auto a = s.tactile(Foot::Left).raw(40), b = s2.tactile(Foot::Left).raw(40);
        QVERIFY(std::equal(a.begin(), a.end(), b.begin()));
    }
};

QTEST_GUILESS_MAIN(TestSynth)
#include "test_synth.moc"
