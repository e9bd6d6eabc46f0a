#include "PredictionController.h"

#include "PlaybackClock.h"
#include "ReviewController.h"
#include "insolepose/Error.h"
#include "insolepose/Session.h"
#include "insolepose/SessionReader.h"
#include "insolepose/SessionWriter.h"
#include "insolepose/model/PoseModel.h"
#include "insolepose/model/Training.h"

#include <QCoreApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QTimer>

namespace insolepose {

struct PredictionController::Job {
    std::filesystem::path sessionDir;
    std::string name;
    std::atomic<std::size_t> done{0}, total{0};
    model::SessionPredictions result;
    QString error;
    bool cancelled = false;
};

namespace {

PredictionController::ExistingPredictions askAboutExisting(QWidget* parent, const QString& name)
{
    QMessageBox box(QMessageBox::Question, PredictionController::tr("Predict session"),
                    PredictionController::tr("This session already holds predictions named '%1'.").arg(name),
                    QMessageBox::NoButton, parent);
    QPushButton* overwrite = box.addButton(PredictionController::tr("Overwrite"), QMessageBox::DestructiveRole);
    QPushButton* keep = box.addButton(PredictionController::tr("Keep both"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(keep);
    box.exec();
    if (box.clickedButton() == overwrite)
        return PredictionController::ExistingPredictions::Overwrite;
    if (box.clickedButton() == keep)
        return PredictionController::ExistingPredictions::KeepBoth;
    return PredictionController::ExistingPredictions::Cancel;
}

} // namespace

QString PredictionController::bundledModelFile(const QString& fileName)
{
    // Installed next to the binaries' share folder, or the source tree's bundled model.
    const QStringList candidates{QCoreApplication::applicationDirPath() + "/../share/insolepose/models/" + fileName,
                                 QStringLiteral(INSOLEPOSE_SOURCE_MODELS "/") + fileName};
    for (const QString& c : candidates)
        if (QFileInfo::exists(c))
            return QFileInfo(c).canonicalFilePath();
    return {};
}

PredictionController::PredictionController(ReviewController& review, PlaybackClock& clock, QWidget* dialogParent)
    : m_review(review), m_clock(clock), m_dialogParent(dialogParent)
{
    m_modelFile = QSettings().value("model/file").toString();
    if (m_modelFile.isEmpty() || !QFileInfo::exists(m_modelFile))
        m_modelFile = bundledModelFile(QStringLiteral("lite-demo.pt"));
}

PredictionController::~PredictionController()
{
    m_cancel = true;
    if (m_thread.joinable())
        m_thread.join();
}

bool PredictionController::setModelFile(const QString& file)
{
    try {
        m_model = std::make_shared<const model::PoseModel>(model::PoseModel::load(file.toStdString()));
    } catch (const Error& e) {
        Q_EMIT errorOccurred(tr("Cannot load model"), QString::fromStdString(e.what()));
        return false;
    }
    m_modelFile = file;
    QSettings().setValue("model/file", file);
    Q_EMIT statusMessage(
        tr("Model %1 (%2)").arg(QFileInfo(file).fileName(), QString::fromStdString(m_model->config().name)), 5000);
    return true;
}

void PredictionController::setExistingPredictionsQuestion(std::function<ExistingPredictions(const QString&)> ask)
{
    m_askExisting = std::move(ask);
}

std::string PredictionController::freePredictionName(const Session& session, const std::string& base)
{
    std::string name = base;
    for (int n = 2; session.prediction(name); ++n)
        name = base + "-" + std::to_string(n);
    return name;
}

void PredictionController::chooseModel()
{
    const QString f = QFileDialog::getOpenFileName(m_dialogParent, tr("Model file"), QFileInfo(m_modelFile).path(),
                                                   tr("Models (*.pt)"));
    if (!f.isEmpty())
        setModelFile(f);
}

bool PredictionController::predictSession()
{
    const Session* session = m_review.session();
    if (!session)
        return Q_EMIT errorOccurred(tr("Predict session"), tr("Open a session first.")), false;
    if (m_running)
        return Q_EMIT errorOccurred(tr("Predict session"), tr("A prediction is already running.")), false;
    if (!m_model && (m_modelFile.isEmpty() || !setModelFile(m_modelFile)))
        return Q_EMIT errorOccurred(tr("Predict session"), tr("Choose a model first (File > Choose model).")), false;
    if (m_thread.joinable())
        m_thread.join();
    m_clock.pause();
    auto job = std::make_shared<Job>();
    job->sessionDir = session->path();
    job->name = QFileInfo(m_modelFile).completeBaseName().toStdString();
    if (session->prediction(job->name)) { // never overwrite stored predictions without asking
        const QString name = QString::fromStdString(job->name);
        const auto answer = m_askExisting ? m_askExisting(name) : askAboutExisting(m_dialogParent, name);
        if (answer == ExistingPredictions::Cancel)
            return Q_EMIT statusMessage(tr("Predict session cancelled; '%1' kept as it was").arg(name), 5000), false;
        if (answer == ExistingPredictions::KeepBoth)
            job->name = freePredictionName(*session, job->name);
    }
    m_job = job;
    m_cancel = false;
    m_running = true;
    auto* progress =
        new QProgressDialog(tr("Predicting %1 with %2…")
                                .arg(QString::fromStdString(session->metadata().id), QString::fromStdString(job->name)),
                            tr("Cancel"), 0, 1000, m_dialogParent);
    progress->setAttribute(Qt::WA_DeleteOnClose);
    progress->setMinimumDuration(0);
    progress->setWindowModality(Qt::WindowModal);
    connect(progress, &QProgressDialog::canceled, this, &PredictionController::cancelPrediction);
    auto* poll = new QTimer(progress);
    connect(poll, &QTimer::timeout, progress, [progress, job] {
        if (job->total > 0)
            progress->setValue(int(1000 * job->done / job->total));
    });
    poll->start(100);
    connect(this, &PredictionController::predictionFinished, progress, &QProgressDialog::close);
    progress->show();
    // The worker opens its own Session on the same folder (mmapped arrays, read only).
    m_thread = std::thread([this, job, model = m_model] {
        try {
            const Session s = insolepose::openSession(job->sessionDir);
            job->result = model::predictSession(*model, s, [&](std::size_t done, std::size_t total) {
                job->done = done;
                job->total = total;
                return !m_cancel.load();
            });
            job->cancelled = m_cancel.load();
            if (!job->cancelled)
                writePredictions(job->sessionDir, job->name, job->result.times, job->result.poses);
        } catch (const Error& e) {
            job->error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(this, &PredictionController::predictionDone, Qt::QueuedConnection);
    });
    return true;
}

void PredictionController::predictionDone()
{
    if (m_thread.joinable())
        m_thread.join();
    m_running = false;
    const auto job = m_job;
    if (!job->error.isEmpty()) {
        Q_EMIT errorOccurred(tr("Predict session failed"), job->error);
        Q_EMIT predictionFinished(false, job->error);
        return;
    }
    if (job->cancelled) {
        Q_EMIT statusMessage(tr("Prediction cancelled; nothing was written"), 5000);
        Q_EMIT predictionFinished(false, tr("cancelled"));
        return;
    }
    const TimeNs cursor = m_clock.cursor_ns();
    const QString folder = QString::fromStdString(job->sessionDir.string());
    if (m_review.session() && m_review.session()->path() == job->sessionDir && m_review.openSession(folder))
        m_clock.setCursor(cursor);
    const QString message =
        tr("Stored %1 predictions as '%2'").arg(job->result.poses.size()).arg(QString::fromStdString(job->name));
    Q_EMIT statusMessage(message, 8000);
    Q_EMIT predictionFinished(true, message);
}

} // namespace insolepose
