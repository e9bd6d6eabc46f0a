// insolepose record: records insole sources (and a camera) into a session folder with live stats.
#include "Commands.h"

#include "insolepose/Error.h"
#include "insolepose/Version.h"
#include "insolepose/devices/RecordingPipeline.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QTextStream>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <optional>

namespace insolepose::cli {
namespace {

using namespace insolepose::devices;

std::atomic<bool> g_stopRequested{false};
void onSignal(int) { g_stopRequested = true; }

constexpr double kMaxRecordSeconds = 1e7; ///< About 116 days: longer is a typo, not a session.
constexpr double kMaxCalibrationSeconds = 3600;
constexpr int kCameraOpenTimeout_ms = 10000;

enum class FolderState { Missing, Empty, NotEmpty, NotAFolder };

FolderState folderState(const std::filesystem::path& dir)
{
    std::error_code ec;
    const auto status = std::filesystem::status(dir, ec);
    if (!std::filesystem::exists(status))
        return FolderState::Missing;
    if (!std::filesystem::is_directory(status))
        return FolderState::NotAFolder;
    const bool empty = std::filesystem::directory_iterator(dir, ec) == std::filesystem::directory_iterator();
    return ec || !empty ? FolderState::NotEmpty : FolderState::Empty;
}

/// Renames `dir` to a new sibling DIR.backup-YYYYMMDD-HHMMSS (with -2, -3, ... when taken) and
/// returns it; nothing is copied or deleted, so nothing can be half-moved.
std::optional<std::filesystem::path> moveAside(const std::filesystem::path& dir, QString* error)
{
    const std::filesystem::path clean = dir.lexically_normal();
    const std::filesystem::path base = clean.has_filename() ? clean : clean.parent_path();
    const std::string stem =
        base.string() + ".backup-" + QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss").toStdString();
    std::filesystem::path backup = stem;
    for (int n = 2; std::filesystem::exists(backup); ++n)
        backup = stem + "-" + std::to_string(n);
    std::error_code ec;
    std::filesystem::rename(base, backup, ec);
    if (ec) {
        *error = QStringLiteral("--force: cannot move %1 to %2: %3")
                     .arg(QString::fromStdString(base.string()), QString::fromStdString(backup.string()),
                          QString::fromStdString(ec.message()));
        return std::nullopt;
    }
    return backup;
}

} // namespace

int runRecord(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Record insoles (and a camera) into a session folder, printing live statistics.");
    const QCommandLineOption insolesOpt("insoles",
                                        "A source: tcp://127.0.0.1:7000 (WiFi boards connect here), udp://HOST:PORT, "
                                        "serial:///dev/ttyX?foot=left&rate=14, replay:///SESSION?speed=1. Repeatable.",
                                        "URL");
    const QCommandLineOption cameraOpt("camera", "A camera: device index (0), video file or URL.", "SOURCE");
    const QCommandLineOption cameraLoopOpt("camera-loop", "Loop a camera video file.");
    const QCommandLineOption outOpt("out", "Session folder to create.", "DIR");
    const QCommandLineOption durationOpt("duration", "Seconds to record (default: until Ctrl+C).", "SEC", "0");
    const QCommandLineOption subjectOpt("subject", "Subject id.", "ID");
    const QCommandLineOption sizeOpt("insole-size", "small (30x22) or large (29x21) (default small).", "SIZE", "small");
    const QCommandLineOption calibrateOpt(
        "calibrate", "Calibrate from the first SEC seconds (subject off the insoles).", "SEC", "0");
    const QCommandLineOption notesOpt("notes", "Notes stored with the session.", "TEXT");
    const QCommandLineOption forceOpt("force",
                                      "Record into --out even when it is not empty: its old contents are first moved "
                                      "into a backup folder beside it (DIR.backup-DATE-TIME).");
    parser.addOptions({insolesOpt, cameraOpt, cameraLoopOpt, outOpt, durationOpt, subjectOpt, sizeOpt, calibrateOpt,
                       notesOpt, forceOpt});
    int rc = 0;
    if (!parseCommand(parser, args, "record", rc))
        return rc;
    QTextStream err(stderr), out(stdout);
    if (!parser.isSet(outOpt) || parser.values(insolesOpt).isEmpty()) {
        err << "insolepose record: need --out DIR and at least one --insoles URL\n";
        return 2;
    }
    const auto durationArg = numberOption(parser, durationOpt, 0, kMaxRecordSeconds, "record");
    const auto calibrateArg = numberOption(parser, calibrateOpt, 0, kMaxCalibrationSeconds, "record");
    if (!durationArg || !calibrateArg)
        return 2;
    const double duration = *durationArg, calibrate = *calibrateArg;
    InsoleSize size;
    try {
        size = parseInsoleSize(parser.value(sizeOpt).toStdString());
    } catch (const Error& e) {
        err << "insolepose record: " << e.what() << "\n";
        return 2;
    }

    RecordingPipeline pipeline;
    QObject::connect(&pipeline, &RecordingPipeline::deviceError, [](const QString& device, const QString& m) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(device), qPrintable(m));
    });
    QObject::connect(&pipeline, &RecordingPipeline::recordingFailed, [](const QString& m) {
        std::fprintf(stderr, "recorder: %s\n", qPrintable(m));
        QCoreApplication::exit(1);
    });

    SessionMetadata meta;
    const std::filesystem::path dir = parser.value(outOpt).toStdString();
    meta.id = dir.filename().string();
    meta.subjectId = parser.value(subjectOpt).toStdString();
    meta.createdUtc = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    meta.appVersion = kVersionString;
    meta.notes = parser.value(notesOpt).toStdString();
    for (auto& insole : meta.insoles) {
        insole.size = size;
        insole.calibration = Calibration::minMax(2929, 3051);
    }
    // Check every device first: a mistyped URL must not leave a session folder behind.
    QString error;
    for (const QString& spec : parser.values(insolesOpt)) {
        if (!RecordingPipeline::checkInsoles(spec, size, &error)) {
            err << "insolepose record: " << error << "\n";
            return 2;
        }
    }
    if (parser.isSet(cameraOpt) && !RecordingPipeline::checkCamera(parser.value(cameraOpt), &error)) {
        err << "insolepose record: " << error << "\n";
        return 2;
    }
    // Never write over files already there (new pressure beside old keypoints, video and
    // predictions): a folder that is not empty is refused, or with --force moved aside first.
    const FolderState state = folderState(dir);
    if (state == FolderState::NotAFolder) {
        err << "insolepose record: --out " << QString::fromStdString(dir.string()) << ": exists and is not a folder\n";
        return 2;
    }
    if (state == FolderState::NotEmpty && !parser.isSet(forceOpt)) {
        err << "insolepose record: --out " << QString::fromStdString(dir.string())
            << ": the folder is not empty; choose a new folder, or add --force to move its contents into a backup "
               "folder first\n";
        return 2;
    }
    // The camera must open (a device index that does not exist fails here) before anything is
    // written or moved; it previews until the recording starts.
    if (parser.isSet(cameraOpt) && (!pipeline.setCamera(parser.value(cameraOpt), parser.isSet(cameraLoopOpt)) ||
                                    !pipeline.waitForCamera(kCameraOpenTimeout_ms))) {
        err << "insolepose record: " << pipeline.lastError() << "\n";
        return 2;
    }
    if (state == FolderState::NotEmpty) {
        const auto backup = moveAside(dir, &error);
        if (!backup) {
            err << "insolepose record: " << error << "\n";
            return 1;
        }
        out << "insolepose record: moved the old contents of " << QString::fromStdString(dir.string()) << " to "
            << QString::fromStdString(backup->string()) << "\n";
        out.flush();
    }
    // Recording starts before the insoles so that their first frames are in the session.
    if (!pipeline.startRecording(dir, meta, calibrate)) {
        err << "insolepose record: " << pipeline.lastError() << "\n";
        return 1;
    }
    if (parser.isSet(cameraOpt) && !pipeline.waitForCamera(kCameraOpenTimeout_ms)) {
        err << "insolepose record: " << pipeline.lastError() << "\n";
        pipeline.stopRecording();
        return 1;
    }
    for (const QString& spec : parser.values(insolesOpt)) {
        if (!pipeline.addInsoles(spec, size)) {
            err << "insolepose record: " << pipeline.lastError() << "\n";
            return 2;
        }
    }
    const TimeNs origin = hostClock_ns();
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);

    QTimer statsTimer;
    statsTimer.setInterval(1000);
    QObject::connect(&statsTimer, &QTimer::timeout, [&] {
        QString line = QStringLiteral("t=%1 s").arg(nsToSeconds(hostClock_ns() - origin), 6, 'f', 1);
        for (const SourceStats& st : pipeline.sourceStats()) {
            line += QStringLiteral(" | %1 %2").arg(st.name, linkStateName(st.state));
            for (Foot f : kFeet)
                line += QStringLiteral(" %1 %2 Hz %3 (lost %4, +%5 ms)")
                            .arg(f == Foot::Left ? "L" : "R")
                            .arg(st.feet[f].frameRate_hz, 0, 'f', 1)
                            .arg(st.feet[f].frames)
                            .arg(st.feet[f].lost)
                            .arg(st.feet[f].latency_ms, 0, 'f', 1);
            line += QStringLiteral(" resyncs %1 dropped %2 rejected %3 refused %4")
                        .arg(st.resyncs)
                        .arg(st.dropped)
                        .arg(st.rejected)
                        .arg(st.refusedConnections);
        }
        if (const auto c = pipeline.cameraStats())
            line += QStringLiteral(" | cam0 %1 fps %2 frames (dropped %3)")
                        .arg(c->frameRate_hz, 0, 'f', 1)
                        .arg(c->frames)
                        .arg(c->dropped);
        const RecorderStats r = pipeline.recorderStats().value_or(RecorderStats{});
        line += QStringLiteral(" | recorded L %1 R %2 gaps %3%4")
                    .arg(r.frames[0])
                    .arg(r.frames[1])
                    .arg(r.gaps)
                    .arg(r.calibrating ? QStringLiteral(" calibrating") : QString());
        std::printf("%s\n", qPrintable(line));
        std::fflush(stdout);
    });
    statsTimer.start();
    QTimer stopper;
    stopper.setInterval(100);
    QElapsedTimer clock;
    clock.start();
    QObject::connect(&stopper, &QTimer::timeout, [&] {
        if (g_stopRequested || (duration > 0 && double(clock.elapsed()) >= duration * 1000.0))
            QCoreApplication::exit(0);
    });
    stopper.start();
    rc = QCoreApplication::exec();

    const RecorderStats r = [&] {
        pipeline.removeInsoles();
        const RecorderStats last = pipeline.recorderStats().value_or(RecorderStats{});
        pipeline.stopRecording();
        pipeline.removeCamera();
        return last;
    }();
    std::printf("stopped: recorded L %llu R %llu frames, %llu gaps, into %s\n", (unsigned long long)r.frames[0],
                (unsigned long long)r.frames[1], (unsigned long long)r.gaps, dir.c_str());
    return rc;
}

} // namespace insolepose::cli
