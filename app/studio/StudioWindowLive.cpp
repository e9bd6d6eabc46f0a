// StudioWindow, live mode: connecting insoles, the simulator and a camera, live heatmaps and
// predictions, and recording (the review-mode half is StudioWindow.cpp).
#include "insolepose/widgets/StudioWindow.h"

#include "insolepose/Error.h"
#include "insolepose/Version.h"
#include "insolepose/VideoReader.h"
#include "insolepose/devices/LiveSession.h"
#include "insolepose/model/PoseModel.h"
#include "insolepose/widgets/HeatmapWidget.h"
#include "insolepose/widgets/SkeletonView.h"
#include "insolepose/widgets/VideoPanel.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTcpServer>

namespace insolepose {

using devices::LiveSession;

bool StudioWindow::isLive() const { return m_live && m_live->isConnected(); }

bool StudioWindow::connectLive(const QString& url)
{
    pause();
    if (!m_live) {
        m_live = std::make_unique<LiveSession>();
        connect(m_live.get(), &LiveSession::framesArrived, this, &StudioWindow::showLive);
        connect(m_live.get(), &LiveSession::predictionReady, this, &StudioWindow::onLivePrediction);
        connect(m_live.get(), &LiveSession::errorOccurred, this, [this](const QString& m) {
            m_lastError = m;
            statusBar()->showMessage(tr("Live: %1").arg(m), 8000);
        });
    }
    if (!m_live->connectSource(url)) {
        showError(tr("Cannot connect"), m_live->lastError());
        return false;
    }
    if (m_session)
        for (Foot f : {Foot::Left, Foot::Right})
            m_live->setCalibration(f, m_session->metadata().insoles[static_cast<std::size_t>(f)].calibration);
    if (!m_model && !m_modelFile.isEmpty())
        setModelFile(m_modelFile);
    m_live->setModel(m_model, 2);
    m_liveLatencies.clear();
    for (auto& t : m_liveTrail)
        t.clear();
    m_gtView->setPose(std::nullopt);
    m_gtView->setOverlayPose(std::nullopt);
    m_gtView->setCaption(tr("Live: no ground truth"));
    m_predView->setPose(std::nullopt);
    m_predView->setJointErrors(std::nullopt);
    m_predView->setCaption(m_model ? tr("Live prediction: waiting for %1 frames per foot").arg(m_model->config().window)
                                   : tr("Live: no model (File > Choose model)"));
    m_statusMode->setText(tr("live: %1").arg(url));
    return true;
}

bool StudioWindow::startSimulator(double rate)
{
    QTcpServer probe; // find a free port for the simulator's boards to connect to
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return showError(tr("Simulator"), tr("no free TCP port on 127.0.0.1")), false;
    const quint16 port = probe.serverPort();
    probe.close();
    if (!connectLive(QStringLiteral("tcp://127.0.0.1:%1").arg(port)))
        return false;
    QString cli = m_cli;
    if (cli.isEmpty())
        cli = QFileInfo::exists(QCoreApplication::applicationDirPath() + "/insolepose")
                  ? QCoreApplication::applicationDirPath() + "/insolepose"
                  : QStandardPaths::findExecutable("insolepose");
    if (cli.isEmpty() || !QFileInfo::exists(cli)) {
        disconnectLive();
        return showError(tr("Simulator"), tr("the insolepose command line tool was not found next to the studio or on PATH")),
               false;
    }
    QStringList args{"simulate", "--protocol", "tcp", "--port", QString::number(port), "--rate", QString::number(rate)};
    if (m_session)
        args << "--session" << QString::fromStdString(m_session->path().string());
    if (m_simulator) {
        m_simulator->kill();
        m_simulator->waitForFinished(2000);
        delete m_simulator;
    }
    m_simulator = new QProcess(this);
    m_simulator->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_simulator->setStandardOutputFile(QProcess::nullDevice());
    connect(m_simulator, &QProcess::errorOccurred, this, [this](QProcess::ProcessError) {
        statusBar()->showMessage(tr("Simulator: %1").arg(m_simulator->errorString()), 8000);
    });
    m_simulator->start(cli, args);
    statusBar()->showMessage(tr("Simulator streaming %1 to port %2 at %3 Hz")
                                 .arg(m_session ? QString::fromStdString(m_session->metadata().id) : tr("synthetic motion"))
                                 .arg(port)
                                 .arg(rate),
                             8000);
    return true;
}

void StudioWindow::disconnectLive()
{
    if (m_live) {
        if (m_live->isRecording()) {
            const QString path = m_live->stats().recordingPath;
            m_live->stopRecording();
            addRecent(path);
        }
        m_live->setModel(nullptr);
        m_live->disconnectCamera();
        m_live->disconnectSource();
    }
    if (m_simulator) {
        m_simulator->kill();
        m_simulator->waitForFinished(2000);
        delete m_simulator;
        m_simulator = nullptr;
    }
    m_pendingArrival_ns = 0;
    if (m_statusMode)
        m_statusMode->setText(tr("review"));
    if (m_session && m_gtView) {
        m_video->setSession(m_session.get());
        m_gtView->setCaption(tr("Ground truth"));
        const auto& preds = m_session->predictions();
        m_predView->setCaption(preds.empty() ? tr("Prediction (none in this session: File > Predict session)")
                                             : tr("Prediction (%1)").arg(QString::fromStdString(preds.front().name())));
        showAtCursor();
    }
}

bool StudioWindow::connectCamera(const QString& source)
{
    if (!isLive())
        return showError(tr("Camera"), tr("Connect insoles first.")), false;
    if (!m_live->connectCamera(source))
        return showError(tr("Cannot connect camera"), m_live->lastError()), false;
    m_video->setSession(nullptr);
    return true;
}

void StudioWindow::showLive()
{
    VideoImage cameraFrame;
    if (m_live->takeCameraFrame(cameraFrame)) {
        const QImage image(cameraFrame.rgb.data(), cameraFrame.width, cameraFrame.height, cameraFrame.width * 3,
                           QImage::Format_RGB888);
        const devices::LiveStats s = m_live->stats();
        m_video->showLiveImage(image.copy(), tr("live camera  %1 fps").arg(s.cameraRate_hz, 0, 'f', 0));
    }
    for (Foot foot : {Foot::Left, Foot::Right}) {
        const int f = static_cast<int>(foot);
        const TactileFrame* frame = m_live->latest(foot);
        if (!frame)
            continue;
        const std::vector<float> values = m_live->latestNormalized(foot);
        m_heatmaps[f]->setFrame(values, frame->grid);
        const PressureStats st = pressureStats(values, frame->grid);
        m_heatmaps[f]->setInfo(tr("load %1  contact %2 taxels%3")
                                   .arg(st.load, 0, 'f', 1)
                                   .arg(st.contactTaxels)
                                   .arg(m_live->calibrating() ? tr("  (calibrating)") : QString()));
        auto& trail = m_liveTrail[std::size_t(f)];
        if (st.hasCentre)
            trail.emplace_back(st.centreCol, st.centreRow);
        while (trail.size() > 14)
            trail.erase(trail.begin());
        std::vector<QPointF> points;
        for (const auto& [x, y] : trail)
            points.emplace_back(x, y);
        m_heatmaps[f]->setCentreTrail(std::move(points));
    }
}

void StudioWindow::onLivePrediction(const model::InferenceResult& r, qint64 arrival_ns)
{
    // Live poses are in the normalised frame: pelvis above the origin, facing +x.
    m_predView->setPose(r.keypoints);
    const int window = m_model ? m_model->config().window : 0;
    const int label = m_model ? m_model->config().labelIndex() : 0;
    m_predView->setCaption(tr("Live prediction: window of the last %1 frames, pose of frame %2 (%3); inference %4 ms")
                               .arg(window)
                               .arg(label - window + 1)
                               .arg(label == window - 1 ? tr("newest") : tr("centre"))
                               .arg(r.latency_ms, 0, 'f', 1));
    m_pendingArrival_ns = arrival_ns;
}

void StudioWindow::connectDialog()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Connect insoles"));
    auto* form = new QFormLayout(&dialog);
    auto* protocol = new QComboBox(&dialog);
    protocol->addItem(tr("WiFi boards (TCP, the boards connect to this computer)"), "tcp");
    protocol->addItem(tr("UDP frames"), "udp");
    protocol->addItem(tr("Serial board"), "serial");
    protocol->addItem(tr("Replay a session"), "replay");
    auto* address = new QLineEdit(QStringLiteral("0.0.0.0"), &dialog);
    auto* port = new QSpinBox(&dialog);
    port->setRange(1, 65535);
    port->setValue(7000);
    auto* serial = new QLineEdit(QStringLiteral("/dev/ttyUSB0"), &dialog);
    auto* foot = new QComboBox(&dialog);
    foot->addItems({"left", "right"});
    form->addRow(tr("Protocol"), protocol);
    form->addRow(tr("Listen address / host"), address);
    form->addRow(tr("Port"), port);
    form->addRow(tr("Serial port or session folder"), serial);
    form->addRow(tr("Serial board's foot"), foot);
    auto* simulate = new QPushButton(tr("Start the simulator instead"), &dialog);
    form->addRow(simulate);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    bool wantSimulator = false;
    connect(simulate, &QPushButton::clicked, &dialog, [&] {
        wantSimulator = true;
        dialog.accept();
    });
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (wantSimulator) {
        startSimulator();
        return;
    }
    const QString p = protocol->currentData().toString();
    QString url;
    if (p == "tcp" || p == "udp")
        url = QStringLiteral("%1://%2:%3").arg(p, address->text()).arg(port->value());
    else if (p == "serial")
        url = QStringLiteral("serial://%1?foot=%2").arg(serial->text(), foot->currentText());
    else
        url = QStringLiteral("replay://%1?loop=1").arg(serial->text());
    connectLive(url);
}

void StudioWindow::recordDialog()
{
    if (!isLive())
        return showError(tr("Record"), tr("Connect insoles first (Live > Connect insoles or Start simulator)."));
    if (m_live->isRecording())
        return showError(tr("Record"), tr("Already recording to %1.").arg(m_live->stats().recordingPath));
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Record session"));
    auto* form = new QFormLayout(&dialog);
    const QString base = QSettings().value("record/folder", QDir::homePath() + "/insolepose-sessions").toString();
    auto* folder = new QLineEdit(base + "/" + QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss"), &dialog);
    auto* subject = new QLineEdit(&dialog);
    auto* size = new QComboBox(&dialog);
    size->addItems({"small", "large"});
    auto* notes = new QPlainTextEdit(&dialog);
    notes->setMaximumHeight(80);
    form->addRow(tr("Session folder"), folder);
    form->addRow(tr("Subject"), subject);
    form->addRow(tr("Insole size"), size);
    form->addRow(tr("Notes"), notes);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    SessionMetadata meta;
    const std::filesystem::path dir = folder->text().toStdString();
    meta.id = dir.filename().string();
    meta.subjectId = subject->text().toStdString();
    meta.createdUtc = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    meta.appVersion = kVersionString;
    meta.notes = notes->toPlainText().toStdString();
    for (auto& insole : meta.insoles)
        insole.size = parseInsoleSize(size->currentText().toStdString());
    if (!m_live->startRecording(dir, meta))
        return showError(tr("Cannot record"), m_live->lastError());
    QSettings().setValue("record/folder", QFileInfo(folder->text()).path());
    statusBar()->showMessage(tr("Recording to %1").arg(folder->text()), 5000);
}

} // namespace insolepose
