#include "LiveController.h"

#include "ConnectDialog.h"
#include "PlaybackClock.h"
#include "PredictionController.h"
#include "RecordDialog.h"
#include "ReviewController.h"
#include "StudioPanels.h"
#include "insolepose/Error.h"
#include "insolepose/Time.h"
#include "insolepose/live/LiveGroup.h"
#include "insolepose/live/LiveSession.h"
#include "insolepose/live/PosePlacer.h"
#include "insolepose/model/PoseModel.h"
#include "insolepose/widgets/SkeletonView.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTimer>

namespace insolepose {

using live::LiveGroup;
using live::LiveSession;

LiveController::LiveController(StudioPanels& panels, ReviewController& review, PredictionController& prediction,
                               PlaybackClock& clock, QWidget* dialogParent)
    : m_panels(panels), m_review(review), m_prediction(prediction), m_clock(clock), m_dialogParent(dialogParent),
      m_group(std::make_unique<LiveGroup>()), m_display(panels),
      m_liveModelFile(PredictionController::bundledModelFile(QStringLiteral("lite-live.pt")))
{
    connect(m_panels.predictionView(), &SkeletonView::painted, this, [this] {
        if (m_display.posePainted())
            Q_EMIT livePoseShown();
    });
    // Every pair's frames: each keeps its own trail and load history for the pair selector.
    connect(m_group.get(), &LiveGroup::framesArrived, this, [this](int pair) {
        if (isLive() && m_group->pair(pair))
            m_display.showFrames(pair, *m_group->pair(pair));
    });
    connect(m_group.get(), &LiveGroup::predictionReady, this, &LiveController::onPrediction);
    connect(m_group.get(), &LiveGroup::pairError, this, [this](int pair, const QString& message) {
        Q_EMIT liveWarning(m_group->pairCount() > 1 ? tr("pair %1: %2").arg(pair + 1).arg(message) : message);
    });
    m_refresh = new QTimer(this);
    m_refresh->setInterval(500);
    connect(m_refresh, &QTimer::timeout, this, [this] {
        if (isLive())
            m_display.refresh(*m_group);
    });
}

LiveController::~LiveController() { disconnectLive(); }

bool LiveController::isLive() const { return m_group->pairCount() > 0; }
int LiveController::pairCount() const { return m_group->pairCount(); }
LiveSession* LiveController::liveSession() const { return m_group->pair(0); }
bool LiveController::isRecording() const
{
    for (int i = 0; i < m_group->pairCount(); ++i)
        if (m_group->pair(i)->isRecording())
            return true;
    return false;
}

std::vector<double> LiveController::latencies_ms() const
{
    std::vector<double> out;
    for (const LiveDisplay::PoseTiming& t : m_display.timings())
        out.push_back(t.arrivalToScreen_ms);
    return out;
}

InsoleSize LiveController::defaultSize() const
{
    const Session* s = m_review.session();
    return s ? s->metadata().insoles[Foot::Left].size : InsoleSize::Small;
}

bool LiveController::connectLive(const QString& url, std::optional<InsoleSize> size)
{
    const bool first = !isLive();
    if (first) {
        m_clock.pause();
        m_group->setModel(chooseModel(), 2);
        // The skeleton stands where the person of the open session stood (else at the origin).
        const Session* session = m_review.session();
        const auto anchor = session ? live::PosePlacer::anchorFromSession(*session) : std::nullopt;
        m_group->setAnchor(anchor.value_or(PoseNormalization{}));
    }
    const InsoleSize insoleSize = size.value_or(m_size.value_or(defaultSize()));
    const int pair = m_group->addPair(url, insoleSize);
    if (pair < 0) {
        Q_EMIT errorOccurred(tr("Cannot connect"), m_group->lastError());
        return false;
    }
    m_size = insoleSize;
    if (const Session* s = m_review.session())
        for (Foot f : kFeet)
            m_group->pair(pair)->setCalibration(f, s->metadata().insoles[f].calibration);
    if (first)
        enterLive(url);
    m_display.setPairs(*m_group);
    if (!first)
        Q_EMIT statusMessage(tr("Pair %1 connected: %2").arg(pair + 1).arg(url), 5000);
    return true;
}

std::shared_ptr<const model::PoseModel> LiveController::chooseModel()
{
    m_modelInfo = {};
    if (!m_liveModelFile.isEmpty() && m_liveModelFile != m_liveModelLoaded) {
        try {
            m_liveModel =
                std::make_shared<const model::PoseModel>(model::PoseModel::load(m_liveModelFile.toStdString()));
            m_liveModelLoaded = m_liveModelFile;
        } catch (const Error& e) {
            m_liveModel.reset();
            m_liveModelLoaded.clear();
            m_modelInfo.note = tr("The live model could not be loaded (%1).").arg(QString::fromStdString(e.what()));
        }
    }
    std::shared_ptr<const model::PoseModel> model = m_liveModel;
    QString file = m_liveModelLoaded;
    if (!model) {
        // Fall back to the review model (its pose is the window's centre frame: late live).
        if (!m_prediction.model() && !m_prediction.modelFile().isEmpty())
            m_prediction.setModelFile(m_prediction.modelFile());
        model = m_prediction.model();
        file = m_prediction.modelFile();
        if (m_liveModelFile.isEmpty())
            m_modelInfo.note = tr("No causal live model (lite-live.pt) found: using the review model.");
    }
    if (model) {
        m_modelInfo.name = QFileInfo(file).completeBaseName();
        m_modelInfo.lagFrames = model->config().window - 1 - model->config().labelIndex();
        m_modelInfo.window = model->config().window;
    }
    m_modelInfo.valid = model != nullptr;
    return model;
}

void LiveController::enterLive(const QString& url)
{
    m_clock.setEnabled(false);
    m_display.enter(url, m_modelInfo);
    m_panels.statusMode()->setText(tr("live: %1").arg(url));
    m_refresh->start();
    Q_EMIT liveStarted(url);
}

bool LiveController::startSimulator(double rate)
{
    QTcpServer probe; // find a free port for the simulator's boards to connect to
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return Q_EMIT errorOccurred(tr("Simulator"), tr("no free TCP port on 127.0.0.1")), false;
    const quint16 port = probe.serverPort();
    probe.close();
    QString cli = m_cli;
    const QString besideUs = QCoreApplication::applicationDirPath() + "/insolepose";
    if (cli.isEmpty())
        cli = QFileInfo::exists(besideUs) ? besideUs : QStandardPaths::findExecutable("insolepose");
    if (cli.isEmpty() || !QFileInfo::exists(cli))
        return Q_EMIT errorOccurred(tr("Simulator"),
                                    tr("the insolepose command line tool was not found next to the studio or on PATH")),
               false;
    if (!connectLive(QStringLiteral("tcp://127.0.0.1:%1").arg(port)))
        return false;
    // --exit-with-parent: the simulator dies with the studio, even when the studio crashes.
    QStringList args{"simulate", "--exit-with-parent",  "--protocol", "tcp",
                     "--port",   QString::number(port), "--rate",     QString::number(rate)};
    const Session* session = m_review.session();
    if (session)
        args << "--session" << QString::fromStdString(session->path().string());
    auto* simulator = new QProcess(this);
    simulator->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    simulator->setStandardOutputFile(QProcess::nullDevice());
    // Reported only while it is meant to run: stopSimulators() disconnects this first.
    connect(simulator, &QProcess::errorOccurred, this, [this, simulator](QProcess::ProcessError) {
        Q_EMIT liveWarning(tr("Simulator: %1").arg(simulator->errorString()));
    });
    simulator->start(cli, args);
    m_simulators.push_back(simulator);
    Q_EMIT statusMessage(tr("Simulator streaming %1 to port %2 at %3 Hz")
                             .arg(session ? QString::fromStdString(session->metadata().id) : tr("synthetic motion"))
                             .arg(port)
                             .arg(rate),
                         8000);
    return true;
}

void LiveController::stopSimulators()
{
    for (QProcess* simulator : m_simulators) {
        disconnect(simulator, nullptr, this, nullptr); // stopping our own simulator is not a crash
        simulator->kill();
        simulator->waitForFinished(2000);
        delete simulator;
    }
    m_simulators.clear();
}

void LiveController::disconnectLive()
{
    const bool wasLive = isLive();
    stopRecording();
    m_group->setModel(nullptr);
    m_group->clear();
    stopSimulators();
    m_refresh->stop();
    m_size.reset();
    if (!wasLive)
        return;
    m_display.leave();
    Q_EMIT liveStopped();
}

bool LiveController::ask(const QString& title, const QString& text)
{
    if (m_ask)
        return m_ask(title, text);
    return QMessageBox::question(m_dialogParent, title, text, QMessageBox::Yes | QMessageBox::Cancel,
                                 QMessageBox::Cancel) == QMessageBox::Yes;
}

bool LiveController::requestDisconnect()
{
    if (isRecording() &&
        !ask(tr("Disconnect"),
             tr("Recording to %1. Disconnecting stops the recording (what was recorded is kept). Disconnect?")
                 .arg(liveSession()->stats().recordingPath)))
        return false;
    disconnectLive();
    return true;
}

bool LiveController::endLiveForAction(const QString& action)
{
    if (!isLive())
        return true;
    const QString recording =
        isRecording()
            ? tr(" and stops the recording to %1 (what was recorded is kept)").arg(liveSession()->stats().recordingPath)
            : QString();
    if (!ask(action, tr("%1 ends live mode (%2)%3. Go on?").arg(action, liveSession()->url(), recording)))
        return false;
    disconnectLive();
    return true;
}

bool LiveController::connectCamera(const QString& source)
{
    if (!isLive())
        return Q_EMIT errorOccurred(tr("Camera"), tr("Connect insoles first.")), false;
    if (!liveSession()->connectCamera(source))
        return Q_EMIT errorOccurred(tr("Cannot connect camera"), liveSession()->lastError()), false;
    return true;
}

void LiveController::onPrediction(int pair, const model::InferenceResult& r, const Pose& placed, qint64 arrival_ns)
{
    if (isLive()) // a result may arrive after live mode ended: it never reaches review mode's views
        m_display.showPrediction(pair, r, placed, arrival_ns);
}

LiveController::Status LiveController::status() const
{
    Status out;
    if (!isLive())
        return out;
    const live::LiveStats s = liveSession()->stats();
    for (Foot foot : kFeet)
        out.rates +=
            tr("%1 %2 Hz ").arg(foot == Foot::Left ? "L" : "R").arg(s.source.feet[foot].frameRate_hz, 0, 'f', 1);
    out.rates += QString::fromLatin1(devices::linkStateName(s.source.state));
    if (pairCount() > 1)
        out.rates += tr(", %1 pairs").arg(pairCount());
    out.dropped = tr("lost %1/%2, dropped %3")
                      .arg(s.source.feet[Foot::Left].lost)
                      .arg(s.source.feet[Foot::Right].lost)
                      .arg(s.queueDropped + s.source.dropped);
    out.latency = m_display.medianLatencyText();
    out.recording = isRecording();
    out.mode =
        out.recording
            ? tr("● REC %1  L %2 R %3").arg(s.recordingPath).arg(s.recorded[Foot::Left]).arg(s.recorded[Foot::Right])
            : tr("live: %1").arg(liveSession()->url());
    return out;
}

void LiveController::showConnectDialog()
{
    ConnectDialog dialog(m_dialogParent, m_size.value_or(defaultSize()), isLive());
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (dialog.wantsSimulator())
        startSimulator();
    else
        connectLive(dialog.url(), dialog.insoleSize());
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
    if (!isLive())
        return Q_EMIT errorOccurred(tr("Calibrate"), tr("Connect insoles first."));
    for (int i = 0; i < m_group->pairCount(); ++i)
        m_group->pair(i)->calibrateFromNextSeconds(2.0);
    Q_EMIT statusMessage(tr("Calibrating: keep the insoles unloaded for 2 s"), 3000);
}

void LiveController::showRecordDialog()
{
    if (!isLive())
        return Q_EMIT errorOccurred(tr("Record"),
                                    tr("Connect insoles first (Live > Connect insoles or Start simulator)."));
    if (isRecording())
        return Q_EMIT errorOccurred(tr("Record"),
                                    tr("Already recording to %1.").arg(liveSession()->stats().recordingPath));
    RecordDialog dialog(m_dialogParent, m_size.value_or(defaultSize()));
    if (dialog.exec() != QDialog::Accepted)
        return;
    // One session per pair: the first in the folder chosen, the others beside it ("-pair2", ...).
    for (int i = 0; i < m_group->pairCount(); ++i) {
        const QString folder = i == 0 ? dialog.folder() : dialog.folder() + QStringLiteral("-pair%1").arg(i + 1);
        SessionMetadata meta = dialog.metadata();
        meta.id = QFileInfo(folder).fileName().toStdString();
        if (!m_group->pair(i)->startRecording(folder.toStdString(), meta)) {
            const QString error = m_group->pair(i)->lastError();
            stopRecording(false);
            return Q_EMIT errorOccurred(tr("Cannot record"), error);
        }
    }
    dialog.rememberFolder();
    Q_EMIT statusMessage(tr("Recording to %1").arg(dialog.folder()), 5000);
}

QString LiveController::stopRecording(bool addToRecent)
{
    QString first;
    for (int i = 0; i < m_group->pairCount(); ++i) {
        LiveSession* s = m_group->pair(i);
        if (!s->isRecording())
            continue;
        const QString path = s->stats().recordingPath;
        s->stopRecording();
        if (addToRecent)
            m_review.addRecent(path);
        if (first.isEmpty())
            first = path;
    }
    return first;
}

} // namespace insolepose
