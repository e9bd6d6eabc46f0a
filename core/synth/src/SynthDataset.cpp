#include "insolepose/synth/SynthDataset.h"

#include "SkeletonRenderer.h"
#include "insolepose/Error.h"
#include "insolepose/Json.h"
#include "insolepose/SessionWriter.h"
#include "insolepose/Version.h"
#include "insolepose/synth/Camera.h"
#include "insolepose/synth/GaitTruth.h"
#include "insolepose/synth/InsoleModel.h"

#include <QDateTime>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace insolepose::synth {
namespace fs = std::filesystem;

namespace {

std::size_t frameCount(double duration_s, double rate_hz)
{
    return static_cast<std::size_t>(std::floor(duration_s * rate_hz)) + 1;
}

std::vector<PinholeCamera> cameraRig(int count, int width, int height, std::uint32_t seed)
{
    std::vector<PinholeCamera> rig;
    std::mt19937 rng(seed + 101u);
    std::uniform_real_distribution<double> jitter(-0.1, 0.1);
    for (int i = 0; i < count; ++i) {
        const double az = std::numbers::pi / 2 + 0.35 + 2 * std::numbers::pi * i / std::max(1, count) + jitter(rng);
        const double radius = 5.2 + jitter(rng);
        const Eigen::Vector3d pos(radius * std::cos(az), radius * std::sin(az), 1.7 + jitter(rng));
        rig.push_back(PinholeCamera::lookAt("cam" + std::to_string(i), pos, Eigen::Vector3d(0, 0, 0.85), width, height,
                                            48.0 * std::numbers::pi / 180.0));
    }
    return rig;
}

} // namespace

std::size_t synthWorkUnits(double duration_s, const SynthOptions& o)
{
    std::size_t n = frameCount(duration_s, o.mocapRate_hz) + 2 * frameCount(duration_s, o.tactileRate_hz);
    if (o.video)
        n += std::size_t(std::max(0, o.cameras)) * frameCount(duration_s, o.videoRate_hz);
    return n;
}

SynthReport writeSynthSession(const fs::path& dir, const std::string& sessionId, const MotionTimeline& timeline,
                              const SynthOptions& o, std::uint32_t seed, const SynthProgressFn& progress,
                              std::size_t doneBefore, std::size_t totalWork)
{
    const Subject& subject = timeline.subject();
    const double duration = timeline.duration_s();
    if (totalWork == 0)
        totalWork = synthWorkUnits(duration, o);
    std::size_t done = doneBefore;
    auto tick = [&](std::size_t units) {
        done += units;
        if (progress && (done % 256 == 0 || units > 1))
            progress({done, totalWork, sessionId});
    };

    FootPair<InsoleModel> insoles{InsoleModel(subject, Foot::Left, seed), InsoleModel(subject, Foot::Right, seed)};
    SessionMetadata meta;
    meta.id = sessionId;
    meta.subjectId = subject.id;
    meta.createdUtc = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    meta.appVersion = kVersionString;
    meta.notes = "Synthetic session (insolepose synth, seed " + std::to_string(seed) +
                 "): " + std::to_string(int(std::lround(subject.height_m * 100))) + " cm, " +
                 std::to_string(int(std::lround(subject.mass_kg))) + " kg.";
    for (int f = 0; f < 2; ++f) {
        meta.insoles[f].size = subject.insole;
        meta.insoles[f].calibration = insoles[f].calibration();
    }

    SynthReport report;
    {
        SessionWriter writer(dir, meta);
        writer.setFlushInterval(std::chrono::milliseconds(2000));
        const std::size_t gtFrames = frameCount(duration, o.mocapRate_hz);
        for (std::size_t i = 0; i < gtFrames; ++i) {
            const double t = double(i) / o.mocapRate_hz;
            writer.appendGroundTruth(secondsToNs(t), timeline.sample(t).pose);
            tick(1);
        }
        report.keypointFrames = gtFrames;

        // Each board samples on its own slightly drifting clock; frames reach the host after a
        // variable radio latency, in order.
        std::mt19937 rng(seed * 2654435761u + 3u);
        std::normal_distribution<double> jitter_s(0.0, 0.002);
        std::exponential_distribution<double> latency_s(1.0 / 0.006);
        std::uniform_real_distribution<double> u01(0.0, 1.0);
        std::vector<float> kpa;
        for (Foot foot : kFeet) {
            const double period = (1.0 / o.tactileRate_hz) * (1.0 + 50e-6 * (2 * u01(rng) - 1));
            const double phase = period * u01(rng);
            TimeNs lastHost = -1;
            for (std::uint32_t seq = 0;; ++seq) {
                const double tDevice = phase + seq * period;
                if (tDevice > duration)
                    break;
                const double tSample = std::clamp(tDevice + jitter_s(rng), 0.0, duration);
                const BodySample b = timeline.sample(tSample);
                const FootContact& c = b.feet[foot];
                const InsoleModel& model = insoles[foot];
                model.pressure(c, InsoleModel::footForce_N(subject, c, b.verticalAccel_mps2), kpa);
                TactileFrame frame;
                frame.foot = foot;
                frame.sequence = seq;
                frame.deviceTime_ns = secondsToNs(tDevice);
                frame.hostTime_ns = std::max(lastHost + 1, secondsToNs(tDevice + 0.008 + latency_s(rng)));
                lastHost = frame.hostTime_ns;
                model.read(kpa, rng, frame.raw_adc);
                writer.appendTactile(frame);
                ++report.tactileFrames;
                tick(1);
            }
        }
        writer.close();
    }

    LabelTrack track;
    for (const ActionSegment& s : timeline.segments())
        track.add({secondsToNs(s.start_s), secondsToNs(s.end_s), std::string(actionName(s.action)), "synth", "", {}});
    writeLabelTracks(dir, {track});
    writeTrueGaitEvents(dir, trueGaitEvents(timeline));

    if (o.video && o.cameras > 0) {
        fs::create_directories(dir / "cameras");
        for (const PinholeCamera& cam : cameraRig(o.cameras, o.videoWidth, o.videoHeight, seed)) {
            detail::SkeletonRenderer renderer(cam);
            const std::size_t frames = frameCount(duration, o.videoRate_hz);
            std::vector<TimeNs> stamps(frames);
            detail::writeVideo(dir / "cameras" / (cam.name + ".mp4"), cam.width, cam.height, o.videoRate_hz, frames,
                               [&](std::size_t i, detail::Image& img) {
                                   const double t = double(i) / o.videoRate_hz;
                                   stamps[i] = secondsToNs(t);
                                   renderer.render(timeline.sample(t).pose, t, img);
                                   tick(1);
                               });
            writeNpy(dir / "cameras" / (cam.name + "_timestamps.npy"), DType::I64, {frames}, stamps.data());
            writeJsonAtomically(dir / "cameras" / (cam.name + ".json"), cam.toXrmocapJson());
            report.videoFrames += frames;
        }
    }
    report.sessions.push_back(sessionId);
    if (progress)
        progress({done, totalWork, sessionId});
    return report;
}

SynthReport writeSynthDataset(const fs::path& outDir, const SynthOptions& o, const SynthProgressFn& progress)
{
    if (o.subjects < 1)
        throw Error("synth: --subjects must be at least 1");
    if (o.actions.empty())
        throw Error("synth: no actions chosen");
    if (!(o.minutesPerAction > 0.0))
        throw Error("synth: minutes per action must be positive");
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec)
        throw IoError(outDir.string() + ": cannot create folder: " + ec.message());

    struct Job {
        std::string id;
        Subject subject;
        std::vector<std::pair<Action, double>> plan;
        std::uint32_t seed;
    };
    std::vector<Job> jobs;
    const double seconds = o.minutesPerAction * 60.0;
    for (int s = 0; s < o.subjects; ++s) {
        const Subject subject = makeSubject(o.seed, s);
        if (o.mixed) {
            std::vector<std::pair<Action, double>> plan;
            for (Action a : o.actions)
                plan.emplace_back(a, seconds);
            jobs.push_back({subject.id + "-mixed", subject, plan, o.seed * 1000u + std::uint32_t(s)});
        } else {
            for (std::size_t a = 0; a < o.actions.size(); ++a)
                jobs.push_back({subject.id + "-" + std::string(actionName(o.actions[a])),
                                subject,
                                {{o.actions[a], seconds}},
                                o.seed * 1000u + std::uint32_t(s) * 16u + std::uint32_t(o.actions[a])});
        }
    }
    std::size_t total = 0;
    for (const Job& j : jobs) {
        double d = syncGestureDuration_s(o.syncGesture);
        for (const auto& p : j.plan)
            d += std::max(p.second, 2.5);
        total += synthWorkUnits(d, o);
    }

    SynthReport report;
    QJsonArray sessionsJson;
    QJsonArray subjectsJson;
    for (int s = 0; s < o.subjects; ++s)
        subjectsJson.append(makeSubject(o.seed, s).toJson());
    std::size_t done = 0;
    for (const Job& j : jobs) {
        const MotionTimeline timeline(j.subject, j.plan, j.seed, o.syncGesture);
        const SynthReport r = writeSynthSession(outDir / j.id, j.id, timeline, o, j.seed, progress, done, total);
        done += synthWorkUnits(timeline.duration_s(), o);
        report.sessions.push_back(j.id);
        report.tactileFrames += r.tactileFrames;
        report.keypointFrames += r.keypointFrames;
        report.videoFrames += r.videoFrames;
        QJsonArray actions;
        for (const auto& p : j.plan)
            actions.append(QString::fromUtf8(actionName(p.first).data()));
        sessionsJson.append(QJsonObject{{"session", QString::fromStdString(j.id)},
                                        {"subject", QString::fromStdString(j.subject.id)},
                                        {"actions", actions}});
    }
    writeJsonAtomically(outDir / "dataset.json",
                        QJsonObject{{"format", "insolepose-dataset"},
                                    {"schema_version", 1},
                                    {"generator", QString("insolepose synth ") + kVersionString},
                                    {"seed", qint64(o.seed)},
                                    {"minutes_per_action", o.minutesPerAction},
                                    {"subjects", subjectsJson},
                                    {"sessions", sessionsJson}});
    return report;
}

} // namespace insolepose::synth
