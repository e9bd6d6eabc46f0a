// insolepose record: records insole sources (and a camera) into a session folder with live stats.
#include "Commands.h"

#include "insolepose/Error.h"
#include "insolepose/Version.h"
#include "insolepose/devices/CameraRecorder.h"
#include "insolepose/devices/DeviceThread.h"
#include "insolepose/devices/OtherSources.h"
#include "insolepose/devices/SourceUrl.h"
#include "insolepose/devices/Recorder.h"
#include "insolepose/devices/TcpInsoleServer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QTextStream>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstdio>

namespace insolepose::cli {
namespace {

using namespace insolepose::devices;

std::atomic<bool> g_stopRequested{false};
void onSignal(int) { g_stopRequested = true; }

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
    const QCommandLineOption calibrateOpt("calibrate", "Calibrate from the first SEC seconds (subject off the insoles).", "SEC", "0");
    const QCommandLineOption notesOpt("notes", "Notes stored with the session.", "TEXT");
    parser.addOptions({insolesOpt, cameraOpt, cameraLoopOpt, outOpt, durationOpt, subjectOpt, sizeOpt, calibrateOpt, notesOpt});
    int rc = 0;
    if (!parseCommand(parser, args, "record", rc))
        return rc;
    QTextStream err(stderr), out(stdout);
    bool okDuration = false, okCalib = false;
    const double duration = parser.value(durationOpt).toDouble(&okDuration);
    const double calibrate = parser.value(calibrateOpt).toDouble(&okCalib);
    if (!parser.isSet(outOpt) || parser.values(insolesOpt).isEmpty() || !okDuration || duration < 0 || !okCalib) {
        err << "insolepose record: need --out DIR, at least one --insoles URL and a non-negative --duration\n";
        return 2;
    }
    InsoleSize size;
    try {
        size = parseInsoleSize(parser.value(sizeOpt).toStdString());
    } catch (const Error& e) {
        err << "insolepose record: " << e.what() << "\n";
        return 2;
    }

    auto queue = std::make_shared<FrameQueue>(8192);
    std::vector<std::unique_ptr<DeviceThread>> sources;
    for (const QString& spec : parser.values(insolesOpt)) {
        QString error;
        auto source = makeInsoleSource(spec, size, queue, &error);
        if (!source) {
            err << "insolepose record: " << error << "\n";
            return 2;
        }
        QObject::connect(source.get(), &InsoleSource::errorOccurred, [spec](const QString& m) {
            std::fprintf(stderr, "%s: %s\n", qPrintable(spec), qPrintable(m));
        });
        sources.push_back(std::make_unique<DeviceThread>(std::move(source), spec));
    }

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
    const TimeNs origin = hostClock_ns();
    std::unique_ptr<Recorder> recorder;
    try {
        recorder = std::make_unique<Recorder>(dir, meta, queue, origin);
    } catch (const Error& e) {
        err << "insolepose record: " << e.what() << "\n";
        return 1;
    }
    recorder->setCalibrationSeconds(calibrate);
    QObject::connect(recorder.get(), &Recorder::errorOccurred, [](const QString& m) {
        std::fprintf(stderr, "recorder: %s\n", qPrintable(m));
        QCoreApplication::exit(1);
    });

    std::unique_ptr<DeviceThread> camera;
    if (parser.isSet(cameraOpt)) {
        auto cam = std::make_unique<CameraRecorder>(parser.value(cameraOpt), dir / "cameras", "cam0", origin,
                                                    parser.isSet(cameraLoopOpt));
        QObject::connect(cam.get(), &CameraRecorder::errorOccurred,
                         [](const QString& m) { std::fprintf(stderr, "camera: %s\n", qPrintable(m)); });
        camera = std::make_unique<DeviceThread>(std::move(cam), "camera");
    }

    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    for (auto& s : sources)
        s->start();
    if (camera)
        camera->start();
    recorder->start();

    QTimer statsTimer;
    statsTimer.setInterval(1000);
    QObject::connect(&statsTimer, &QTimer::timeout, [&] {
        QString line = QStringLiteral("t=%1 s").arg(nsToSeconds(hostClock_ns() - origin), 6, 'f', 1);
        for (const auto& s : sources) {
            const SourceStats st = s->as<InsoleSource>()->stats();
            line += QStringLiteral(" | %1 %2").arg(st.name, linkStateName(st.state));
            for (int f = 0; f < 2; ++f)
                line += QStringLiteral(" %1 %2 Hz %3 (lost %4, +%5 ms)")
                            .arg(f == 0 ? "L" : "R")
                            .arg(st.feet[std::size_t(f)].frameRate_hz, 0, 'f', 1)
                            .arg(st.feet[std::size_t(f)].frames)
                            .arg(st.feet[std::size_t(f)].lost)
                            .arg(st.feet[std::size_t(f)].latency_ms, 0, 'f', 1);
            line += QStringLiteral(" resyncs %1 dropped %2").arg(st.resyncs).arg(st.dropped);
        }
        if (camera) {
            const CameraStats c = camera->as<CameraRecorder>()->stats();
            line += QStringLiteral(" | cam0 %1 fps %2 frames (dropped %3)").arg(c.frameRate_hz, 0, 'f', 1).arg(c.frames).arg(c.dropped);
        }
        const RecorderStats r = recorder->stats();
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
        if (g_stopRequested || (duration > 0 && clock.elapsed() >= qint64(duration * 1000)))
            QCoreApplication::exit(0);
    });
    stopper.start();
    rc = QCoreApplication::exec();

    for (auto& s : sources)
        s->stop();
    if (camera)
        camera->stop();
    recorder->stop();
    const RecorderStats r = recorder->stats();
    std::printf("stopped: recorded L %llu R %llu frames, %llu gaps, into %s\n", (unsigned long long)r.frames[0],
                (unsigned long long)r.frames[1], (unsigned long long)r.gaps, dir.c_str());
    return rc;
}

} // namespace insolepose::cli
