#include "LiveController.h"

#include "ConnectDialog.h"
#include "PlaybackClock.h"
#include "PredictionController.h"
#include "RecordDialog.h"
#include "ReviewController.h"
#include "StudioPanels.h"
#include "insolepose/Session.h"
#include "insolepose/Time.h"
#include "insolepose/live/LiveSession.h"
#include "insolepose/model/PoseModel.h"
#include "insolepose/widgets/HeatmapWidget.h"
#include "insolepose/widgets/SkeletonView.h"
#include "insolepose/widgets/VideoPanel.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>

#include <algorithm>

namespace insolepose {

using live::LiveSession;

LiveController::LiveController(StudioPanels& panels, ReviewController& review, PredictionController& prediction,
                               PlaybackClock& clock, QWidget* dialogParent)
    : m_panels(panels), m_review(review), m_prediction(prediction), m_clock(clock), m_dialogParent(dialogParent)
{
    connect(m_panels.predictionView(), &SkeletonView::painted, this, [this] {
        if (m_pendingArrival_ns > 0) {
            m_latencies_ms.push_back(double(hostClock_ns() - m_pendingArrival_ns) / 1e6);
            m_pendingArrival_ns = 0;
            Q_EMIT livePoseShown();
        }
    });
}

LiveController::~LiveController() { disconnectLive(); }

bool LiveController::isLive() const { return m_live && m_live->isConnected(); }

bool LiveController::connectLive(const QString& url)
{
    m_clock.pause();
    if (!m_live) {
        m_live = std::make_unique<LiveSession>();
        connect(m_live.get(), &LiveSession::framesArrived, this, &LiveController::showLive);
        connect(m_live.get(), &LiveSession::predictionReady, this, &LiveController::onPrediction);
        connect(m_live.get(), &LiveSession::errorOccurred, this, &LiveController::liveWarning);
    }
    if (!m_live->connectSource(url)) {
        Q_EMIT errorOccurred(tr("Cannot connect"), m_live->lastError());
        return false;
    }
    m_clock.setEnabled(false);
    if (const Session* s = m_review.session())
        for (Foot f : kFeet)
            m_live->setCalibration(f, s->metadata().insoles[f].calibration);
    if (!m_prediction.model() && !m_prediction.modelFile().isEmpty())
        m_prediction.setModelFile(m_prediction.modelFile());
    const auto model = m_prediction.model();
    m_live->setModel(model, 2);
    m_latencies_ms.clear();
    for (auto& t : m_trail)
        t.clear();
    SkeletonView* gt = m_panels.groundTruthView();
    SkeletonView* pred = m_panels.predictionView();
    gt->setPose(std::nullopt);
    gt->setOverlayPose(std::nullopt);
    gt->setCaption(tr("Live: no ground truth"));
    pred->setPose(std::nullopt);
    pred->setJointErrors(std::nullopt);
    pred->setCaption(model ? tr("Live prediction: waiting for %1 frames per foot").arg(model->config().window)
                           : tr("Live: no model (File > Choose model)"));
    m_panels.statusMode()->setText(tr("live: %1").arg(url));
    Q_EMIT liveStarted(url);
    return true;
}

bool LiveController::startSimulator(double rate)
{
    QTcpServer probe; // find a free port for the simulator's boards to connect to
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return Q_EMIT errorOccurred(tr("Simulator"), tr("no free TCP port on 127.0.0.1")), false;
    const quint16 port = probe.serverPort();
    probe.close();
    if (!connectLive(QStringLiteral("tcp://127.0.0.1:%1").arg(port)))
        return false;
    QString cli = m_cli;
    const QString besideUs = QCoreApplication::applicationDirPath() + "/insolepose";
    if (cli.isEmpty())
        cli = QFileInfo::exists(besideUs) ? besideUs : QStandardPaths::findExecutable("insolepose");
    if (cli.isEmpty() || !QFileInfo::exists(cli)) {
        disconnectLive();
        return Q_EMIT errorOccurred(tr("Simulator"),
                                    tr("the insolepose command line tool was not found next to the studio or on PATH")),
               false;
    }
    // --exit-with-parent: the simulator dies with the studio, even when the studio crashes.
    QStringList args{"simulate", "--exit-with-parent",  "--protocol", "tcp",
                     "--port",   QString::number(port), "--rate",     QString::number(rate)};
    const Session* session = m_review.session();
    if (session)
        args << "--session" << QString::fromStdString(session->path().string());
    stopSimulator();
    m_simulator = new QProcess(this);
    m_simulator->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_simulator->setStandardOutputFile(QProcess::nullDevice());
    connect(m_simulator, &QProcess::errorOccurred, this, [this](QProcess::ProcessError) {
        Q_EMIT statusMessage(tr("Simulator: %1").arg(m_simulator->errorString()), 8000);
    });
    m_simulator->start(cli, args);
    Q_EMIT statusMessage(tr("Simulator streaming %1 to port %2 at %3 Hz")
                             .arg(session ? QString::fromStdString(session->metadata().id) : tr("synthetic motion"))
                             .arg(port)
                             .arg(rate),
                         8000);
    return true;
}

void LiveController::stopSimulator()
{
    if (!m_simulator)
        return;
    m_simulator->kill();
    m_simulator->waitForFinished(2000);
    delete m_simulator;
    m_simulator = nullptr;
}

void LiveController::disconnectLive()
{
    if (m_live) {
        stopRecording();
        m_live->setModel(nullptr);
        m_live->disconnectCamera();
        m_live->disconnectSource();
    }
    stopSimulator();
    m_pendingArrival_ns = 0;
    Q_EMIT liveStopped();
}

bool LiveController::connectCamera(const QString& source)
{
    if (!isLive())
        return Q_EMIT errorOccurred(tr("Camera"), tr("Connect insoles first.")), false;
    if (!m_live->connectCamera(source))
        return Q_EMIT errorOccurred(tr("Cannot connect camera"), m_live->lastError()), false;
    m_panels.videoPanel()->setSession(nullptr);
    return true;
}

void LiveController::showLive()
{
    VideoImage cameraFrame;
    if (m_live->takeCameraFrame(cameraFrame)) {
        const QImage image(cameraFrame.rgb.data(), cameraFrame.width, cameraFrame.height, cameraFrame.width * 3,
                           QImage::Format_RGB888);
        const live::LiveStats s = m_live->stats();
        m_panels.videoPanel()->showLiveImage(image.copy(), tr("live camera  %1 fps").arg(s.cameraRate_hz, 0, 'f', 0));
    }
    for (Foot foot : kFeet) {
        const TactileFrame* frame = m_live->latest(foot);
        if (!frame)
            continue;
        HeatmapWidget* heatmap = m_panels.heatmap(foot);
        const std::vector<float> values = m_live->latestNormalized(foot);
        heatmap->setFrame(values, frame->grid);
        const PressureStats st = pressureStats(values, frame->grid);
        heatmap->setInfo(tr("load %1  contact %2 taxels%3")
                             .arg(st.load, 0, 'f', 1)
                             .arg(st.contactTaxels)
                             .arg(m_live->calibrating() ? tr("  (calibrating)") : QString()));
        auto& trail = m_trail[foot];
        if (st.hasCentre)
            trail.emplace_back(st.centreCol, st.centreRow);
        while (trail.size() > 14)
            trail.pop_front();
        std::vector<QPointF> points;
        for (const auto& [x, y] : trail)
            points.emplace_back(x, y);
        heatmap->setCentreTrail(std::move(points));
    }
}

void LiveController::onPrediction(const model::InferenceResult& r, qint64 arrival_ns)
{
    // Live poses are in the normalised frame: pelvis above the origin, facing +x.
    SkeletonView* pred = m_panels.predictionView();
    pred->setPose(r.keypoints);
    const auto model = m_prediction.model();
    const int window = model ? model->config().window : 0;
    const int label = model ? model->config().labelIndex() : 0;
    pred->setCaption(tr("Live prediction: window of the last %1 frames, pose of frame %2 (%3); inference %4 ms")
                         .arg(window)
                         .arg(label - window + 1)
                         .arg(label == window - 1 ? tr("newest") : tr("centre"))
                         .arg(r.latency_ms, 0, 'f', 1));
    m_pendingArrival_ns = arrival_ns;
}

LiveController::Status LiveController::status() const
{
    Status out;
    if (!isLive())
        return out;
    const live::LiveStats s = m_live->stats();
    for (Foot foot : kFeet) {
        const auto& f = s.source.feet[foot];
        out.rates += tr("%1 %2 Hz (%3) ")
                         .arg(foot == Foot::Left ? "L" : "R")
                         .arg(f.frameRate_hz, 0, 'f', 1)
                         .arg(f.connected ? tr("connected") : tr("waiting"));
    }
    out.rates += QString::fromLatin1(devices::linkStateName(s.source.state));
    out.dropped = tr("lost %1/%2, dropped %3")
                      .arg(s.source.feet[Foot::Left].lost)
                      .arg(s.source.feet[Foot::Right].lost)
                      .arg(s.queueDropped + s.source.dropped);
    std::vector<double> recent(m_latencies_ms.end() -
                                   std::min<std::ptrdiff_t>(20, std::ptrdiff_t(m_latencies_ms.size())),
                               m_latencies_ms.end());
    std::sort(recent.begin(), recent.end());
    out.latency = recent.empty() ? tr("latency –")
                                 : tr("arrival→screen %1 ms (inference %2 ms)")
                                       .arg(recent[recent.size() / 2], 0, 'f', 0)
                                       .arg(s.computeLatency_ms, 0, 'f', 0);
    out.recording = s.recording;
    out.mode =
        s.recording
            ? tr("● REC %1  L %2 R %3").arg(s.recordingPath).arg(s.recorded[Foot::Left]).arg(s.recorded[Foot::Right])
            : tr("live: %1").arg(m_live->url());
    return out;
}

void LiveController::showConnectDialog()
{
    ConnectDialog dialog(m_dialogParent);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (dialog.wantsSimulator())
        startSimulator();
    else
        connectLive(dialog.url());
}

void LiveController::showCameraDialog()
{
    if (!isLive())
        return Q_EMIT errorOccurred(tr("Camera"), tr("Connect insoles first (the camera joins the live session)."));
    bool ok = false;
    const QString source = QInputDialog::getText(m_dialogParent, tr("Connect camera"),
                                                 tr("Device index (0, 1, ...), a video file or a stream URL:"),
                                                 QLineEdit::Normal, QStringLiteral("0"), &ok);
    if (ok)
        connectCamera(source);
}

void LiveController::calibrate()
{
    if (!m_live || !m_live->isConnected())
        return Q_EMIT errorOccurred(tr("Calibrate"), tr("Connect insoles first."));
    m_live->calibrateFromNextSeconds(2.0);
    Q_EMIT statusMessage(tr("Calibrating: keep the insoles unloaded for 2 s"), 3000);
}

void LiveController::showRecordDialog()
{
    if (!isLive())
        return Q_EMIT errorOccurred(tr("Record"),
                                    tr("Connect insoles first (Live > Connect insoles or Start simulator)."));
    if (m_live->isRecording())
        return Q_EMIT errorOccurred(tr("Record"), tr("Already recording to %1.").arg(m_live->stats().recordingPath));
    RecordDialog dialog(m_dialogParent);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (!m_live->startRecording(dialog.folder().toStdString(), dialog.metadata()))
        return Q_EMIT errorOccurred(tr("Cannot record"), m_live->lastError());
    dialog.rememberFolder();
    Q_EMIT statusMessage(tr("Recording to %1").arg(dialog.folder()), 5000);
}

QString LiveController::stopRecording(bool addToRecent)
{
    if (!m_live || !m_live->isRecording())
        return {};
    const QString path = m_live->stats().recordingPath;
    m_live->stopRecording();
    if (addToRecent)
        m_review.addRecent(path);
    return path;
}

} // namespace insolepose
