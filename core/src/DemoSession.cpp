#include "insolepose/DemoSession.h"

#include "insolepose/SessionStore.h"
#include "insolepose/Version.h"

#include <QDateTime>

#include <cmath>
#include <numbers>
#include <random>

namespace insolepose {
namespace {

using K = Keypoint;
constexpr double kPi = std::numbers::pi;

struct Phase {
    const char* label;
    double duration_s;
};
constexpr Phase kPhases[] = {{"squat", 12.0}, {"walking-in-place", 12.0}, {"warm-up", 10.0}};

Pose standingPose()
{
    Pose p;
    auto set = [&](K k, float x, float y, float z) { p[static_cast<std::size_t>(k)] = {x, y, z}; };
    set(K::Nose, 0.0f, 0.08f, 1.62f);
    set(K::LeftShoulder, -0.18f, 0.0f, 1.42f);
    set(K::RightShoulder, 0.18f, 0.0f, 1.42f);
    set(K::LeftElbow, -0.21f, 0.0f, 1.15f);
    set(K::RightElbow, 0.21f, 0.0f, 1.15f);
    set(K::LeftWrist, -0.22f, 0.03f, 0.90f);
    set(K::RightWrist, 0.22f, 0.03f, 0.90f);
    set(K::LeftHip, -0.10f, 0.0f, 0.95f);
    set(K::RightHip, 0.10f, 0.0f, 0.95f);
    set(K::LeftKnee, -0.10f, 0.02f, 0.52f);
    set(K::RightKnee, 0.10f, 0.02f, 0.52f);
    set(K::LeftAnkle, -0.10f, 0.0f, 0.08f);
    set(K::RightAnkle, 0.10f, 0.0f, 0.08f);
    set(K::LeftBigToe, -0.08f, 0.17f, 0.02f);
    set(K::LeftSmallToe, -0.14f, 0.14f, 0.02f);
    set(K::LeftHeel, -0.10f, -0.05f, 0.02f);
    set(K::RightBigToe, 0.08f, 0.17f, 0.02f);
    set(K::RightSmallToe, 0.14f, 0.14f, 0.02f);
    set(K::RightHeel, 0.10f, -0.05f, 0.02f);
    return p;
}

struct BodyState {
    Pose pose;
    double heelShare[2] = {0.5, 0.5}; ///< Fraction of a foot's load on the heel.
    double load[2] = {0.5, 0.5};      ///< Fraction of body weight on each foot.
};

BodyState bodyAt(double t, std::size_t* phaseIndex)
{
    double cycle = 0;
    for (const auto& ph : kPhases)
        cycle += ph.duration_s;
    double local = std::fmod(t, cycle);
    std::size_t idx = 0;
    while (local >= kPhases[idx].duration_s) {
        local -= kPhases[idx].duration_s;
        ++idx;
    }
    *phaseIndex = idx;
    BodyState s;
    s.pose = standingPose();
    auto at = [&](K k) -> Eigen::Vector3f& { return s.pose[static_cast<std::size_t>(k)]; };
    const std::string_view label = kPhases[idx].label;
    if (label == "squat") {
        const double depth = 0.35 * std::pow(std::sin(kPi * local / 3.0), 2); // 3 s per squat
        for (K k : {K::Nose, K::LeftShoulder, K::RightShoulder, K::LeftElbow, K::RightElbow,
                    K::LeftWrist, K::RightWrist, K::LeftHip, K::RightHip})
            at(k).z() -= static_cast<float>(depth);
        for (K k : {K::LeftHip, K::RightHip})
            at(k).y() -= static_cast<float>(0.5 * depth);
        for (K k : {K::LeftKnee, K::RightKnee}) {
            at(k).y() += static_cast<float>(0.6 * depth);
            at(k).z() -= static_cast<float>(0.25 * depth);
        }
        for (K k : {K::LeftWrist, K::RightWrist}) {
            at(k).y() += static_cast<float>(1.2 * depth);
            at(k).z() += static_cast<float>(0.9 * depth);
        }
        s.heelShare[0] = s.heelShare[1] = 0.5 + depth;
    } else if (label == "walking-in-place") {
        const double ph = 2 * kPi * local / 1.2; // 1.2 s per stride
        const double liftL = std::max(0.0, std::sin(ph)) * 0.15;
        const double liftR = std::max(0.0, -std::sin(ph)) * 0.15;
        for (K k : {K::LeftKnee}) at(k) += Eigen::Vector3f(0, float(liftL * 0.8), float(liftL * 1.2));
        for (K k : {K::RightKnee}) at(k) += Eigen::Vector3f(0, float(liftR * 0.8), float(liftR * 1.2));
        for (K k : {K::LeftAnkle, K::LeftHeel, K::LeftBigToe, K::LeftSmallToe}) at(k).z() += float(liftL);
        for (K k : {K::RightAnkle, K::RightHeel, K::RightBigToe, K::RightSmallToe}) at(k).z() += float(liftR);
        at(K::LeftWrist).y() += float(0.15 * std::sin(ph + kPi));
        at(K::RightWrist).y() += float(0.15 * std::sin(ph));
        const double wl = liftL > 0.01 ? 0.0 : (liftR > 0.01 ? 1.0 : 0.5);
        s.load[0] = wl;
        s.load[1] = 1.0 - wl;
        s.heelShare[0] = s.heelShare[1] = 0.35;
    } else { // warm-up: arm circles, pressure nearly unchanged
        const double ph = 2 * kPi * local / 2.0;
        for (int sideSign : {-1, 1}) {
            const K shoulder = sideSign < 0 ? K::LeftShoulder : K::RightShoulder;
            const K elbow = sideSign < 0 ? K::LeftElbow : K::RightElbow;
            const K wrist = sideSign < 0 ? K::LeftWrist : K::RightWrist;
            const Eigen::Vector3f sh = at(shoulder);
            const Eigen::Vector3f dir(float(sideSign * 0.3), float(0.3 * std::cos(ph)), float(0.3 * std::sin(ph)));
            at(elbow) = sh + dir.normalized() * 0.28f;
            at(wrist) = sh + dir.normalized() * 0.52f;
        }
        s.heelShare[0] = s.heelShare[1] = 0.5 + 0.03 * std::sin(ph);
    }
    return s;
}

void pressureFrame(const BodyState& s, Foot foot, std::mt19937& rng, std::vector<std::uint16_t>& out)
{
    const int f = static_cast<int>(foot);
    std::normal_distribution<double> noise(0.0, 1.5);
    out.assign(static_cast<std::size_t>(kModelGrid.cellCount()), 0);
    const double load = s.load[f];
    const double heel = s.heelShare[f];
    for (int r = 0; r < kModelGrid.rows; ++r) {
        for (int c = 0; c < kModelGrid.cols; ++c) {
            // Insole outline: an ellipse-ish sole, narrower at the heel (row 29) than the forefoot.
            const double u = (c - 10.5) / (r > 18 ? 8.0 : 10.5);
            const double v = (r - 14.5) / 15.0;
            const bool onSole = u * u + v * v * 0.6 <= 1.0;
            double p = 0.0;
            if (onSole) {
                const double dh = std::hypot((r - 25.0) / 3.0, (c - 10.5) / 3.5);
                const double df = std::hypot((r - 8.0) / 3.0, (c - 10.5 + (foot == Foot::Left ? 2 : -2)) / 5.0);
                const double dt = std::hypot((r - 2.0) / 1.5, (c - 12.0) / 2.0);
                p = load * (heel * std::exp(-dh * dh) + (1 - heel) * (0.8 * std::exp(-df * df) + 0.4 * std::exp(-dt * dt)));
            }
            const double adc = 2930.0 + 120.0 * std::min(1.0, p * 1.6) + noise(rng);
            out[static_cast<std::size_t>(r * kModelGrid.cols + c)] =
                static_cast<std::uint16_t>(std::clamp(adc, 0.0, double(kAdcMax)));
        }
    }
}

} // namespace

void writeDemoSession(const std::filesystem::path& dir, const DemoOptions& options)
{
    SessionMetadata meta;
    meta.id = "demo";
    meta.subjectId = "S1";
    meta.createdUtc = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    meta.appVersion = kVersionString;
    meta.notes = "Demo session made by simple kinematics (insolepose demo).";
    meta.insoles[0].calibration = Calibration::minMax(2929, 3051);
    meta.insoles[1].calibration = Calibration::minMax(2915, 3077);

    SessionWriter writer(dir, meta);
    writer.setFlushInterval(std::chrono::milliseconds(1000));
    std::mt19937 rng(options.seed);
    std::normal_distribution<double> jitter_ms(0.0, 4.0);
    const TimeNs end_ns = secondsToNs(options.duration_s);

    // Ground truth at 30 Hz.
    std::size_t phase = 0;
    const auto gtFrames = static_cast<std::int64_t>(std::llround(options.duration_s * 30.0));
    for (std::int64_t i = 0; i < gtFrames; ++i) {
        const TimeNs t = i * kNsPerSecond / 30;
        writer.appendGroundTruth(t, bodyAt(nsToSeconds(t), &phase).pose);
    }

    // Tactile at ~14 Hz with wireless jitter, per foot.
    std::vector<std::uint16_t> raw;
    for (Foot foot : {Foot::Left, Foot::Right}) {
        for (std::uint32_t seq = 0; TimeNs(seq) * kNsPerSecond / 14 < end_ns; ++seq) {
            const TimeNs nominal = TimeNs(seq) * kNsPerSecond / 14;
            const TimeNs t = std::max<TimeNs>(0, nominal + static_cast<TimeNs>(jitter_ms(rng) * 1e6));
            pressureFrame(bodyAt(nsToSeconds(t), &phase), foot, rng, raw);
            TactileFrame frame;
            frame.foot = foot;
            frame.hostTime_ns = t;
            frame.deviceTime_ns = nominal;
            frame.sequence = seq;
            frame.raw_adc = raw;
            writer.appendTactile(frame);
        }
    }
    writer.close();

    LabelTrack track;
    double t0 = 0;
    std::size_t i = 0;
    while (t0 < options.duration_s) {
        const auto& ph = kPhases[i % std::size(kPhases)];
        const double t1 = std::min(options.duration_s, t0 + ph.duration_s);
        track.add({secondsToNs(t0), secondsToNs(t1), ph.label, "demo", ""});
        t0 = t1;
        ++i;
    }
    writeLabelTracks(dir, {track});
}

} // namespace insolepose
