// Records two insoles at 100 Hz each (7x the real rate) from the simulator peer over TCP plus one
// 640x480 30 fps camera (a generated video file, looped) for DURATION seconds (default 600), and
// reports CPU use, dropped insole frames (sent by the simulator but not recorded) and dropped
// camera frames. Usage: bench_record [DURATION_S] [PATH_TO_insolepose]
#include "insolepose/SessionReader.h"
#include "insolepose/devices/DeviceThread.h"
#include "insolepose/devices/Recorder.h"
#include "insolepose/devices/TcpInsoleServer.h"
#include "insolepose/media/CameraRecorder.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <sys/resource.h>

#include <cstdio>
#include <fstream>

using namespace insolepose;
using namespace insolepose::devices;
using insolepose::media::CameraRecorder;

namespace {
double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + 1e-6 * double(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}
double childCpuSeconds(qint64 pid)
{
    std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
    std::string s((std::istreambuf_iterator<char>(f)), {});
    const auto close = s.rfind(')');
    if (close == std::string::npos)
        return 0;
    std::istringstream in(s.substr(close + 2));
    std::string field;
    double ut = 0, st = 0;
    for (int i = 3; i <= 15 && in >> field; ++i) {
        if (i == 14)
            ut = std::stod(field);
        if (i == 15)
            st = std::stod(field);
    }
    return (ut + st) / double(sysconf(_SC_CLK_TCK));
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const double duration = argc > 1 ? std::atof(argv[1]) : 600.0;
    const QString cli = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QStringLiteral(INSOLEPOSE_CLI);
    QTemporaryDir tmp;
    const std::string video = tmp.filePath("camera.avi").toStdString();
    {
        cv::VideoWriter w(video, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 30, cv::Size(640, 480));
        for (int i = 0; i < 300; ++i) {
            cv::Mat m(480, 640, CV_8UC3, cv::Scalar(40, 40, 40));
            cv::circle(m, cv::Point(320 + int(200 * std::cos(i * 0.05)), 240), 60, cv::Scalar(0, 160, 255), -1);
            cv::putText(m, std::to_string(i), cv::Point(20, 60), cv::FONT_HERSHEY_SIMPLEX, 2, cv::Scalar(255, 255, 255),
                        3);
            w.write(m);
        }
    }

    auto queue = std::make_shared<FrameQueue>(8192);
    const InsoleMapping map = InsoleMapping::forSize(InsoleSize::Small);
    DeviceThread server(
        std::make_unique<TcpInsoleServer>(QHostAddress::LocalHost, 0, FootPair<InsoleMapping>{map, map}, queue), "tcp");
    server.start();
    while (server.as<TcpInsoleServer>()->serverPort() == 0)
        QThread::msleep(10);
    const TimeNs origin = hostClock_ns();
    const std::filesystem::path dir = std::filesystem::path(tmp.path().toStdString()) / "session";
    Recorder recorder(dir, SessionMetadata{}, queue, origin);
    DeviceThread camera(
        std::make_unique<CameraRecorder>(QString::fromStdString(video), dir / "cameras", "cam0", origin, true),
        "camera");

    QProcess sim;
    const QString log = tmp.filePath("sim.json");
    sim.start(cli, {"simulate", "--protocol", "tcp", "--port",
                    QString::number(server.as<TcpInsoleServer>()->serverPort()), "--rate", "100", "--duration",
                    QString::number(duration), "--log", log, "--session", QStringLiteral(INSOLEPOSE_DEMO_SESSION)});
    if (!sim.waitForStarted(5000)) {
        std::fprintf(stderr, "cannot start %s\n", qPrintable(cli));
        return 1;
    }
    recorder.start();
    camera.start();
    const double cpu0 = cpuSeconds();
    QElapsedTimer wall;
    wall.start();
    double simCpu = 0;
    QTimer poll;
    poll.setInterval(1000);
    QObject::connect(&poll, &QTimer::timeout, [&] {
        simCpu = std::max(simCpu, childCpuSeconds(sim.processId()));
        if (sim.state() == QProcess::NotRunning)
            QCoreApplication::quit();
    });
    poll.start();
    QCoreApplication::exec();
    const double elapsed = wall.elapsed() / 1000.0;
    const double cpu = cpuSeconds() - cpu0;
    QThread::msleep(300);
    const SourceStats st = server.as<TcpInsoleServer>()->stats();
    camera.stop();
    server.stop();
    recorder.stop();
    const CameraStats cs = camera.as<CameraRecorder>()->stats();

    QFile f(log);
    f.open(QIODevice::ReadOnly);
    const QJsonObject sent = QJsonDocument::fromJson(f.readAll()).object();
    const Session s = openSession(dir);
    std::printf("recorded %.0f s: 2 insoles at 100 Hz over TCP + one 640x480 30 fps camera\n", elapsed);
    for (Foot foot : kFeet) {
        const QJsonObject b = sent[foot == Foot::Left ? "left" : "right"].toObject();
        const auto sentCount = b["sent"].toArray().size();
        const auto recorded = s.tactile(foot).size();
        std::printf("%-5s insole: sent %lld, recorded %zu, dropped %lld, simulator-side drops (link) %lld\n",
                    footName(foot).data(), (long long)sentCount, recorded, (long long)sentCount - (long long)recorded,
                    (long long)b["dropped"].toArray().size());
    }
    std::printf("queue drops: %llu, decoder resyncs: %llu\n", (unsigned long long)st.dropped,
                (unsigned long long)st.resyncs);
    std::printf("camera: %llu frames written, %llu dropped (%.2f%%)\n", (unsigned long long)cs.frames,
                (unsigned long long)cs.dropped,
                100.0 * double(cs.dropped) / double(std::max<std::uint64_t>(1, cs.frames + cs.dropped)));
    std::printf("CPU: recorder process %.1f%% of one core (%.1f s), simulator %.1f%% of one core\n",
                100.0 * cpu / elapsed, cpu, 100.0 * simCpu / elapsed);
    return 0;
}
