#include "AgreementDialog.h"

#include "insolepose/Error.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace insolepose {

AgreementDialog::AgreementDialog(const Session& session, std::vector<LabelTrack> tracks, QWidget* parent)
    : QDialog(parent), m_session(session), m_tracks(std::move(tracks))
{
    setWindowTitle(tr("Label agreement"));
    m_a = new QComboBox(this);
    m_b = new QComboBox(this);
    for (const LabelTrack& t : m_tracks) {
        m_a->addItem(QString::fromStdString(t.name()));
        m_b->addItem(QString::fromStdString(t.name()));
    }
    m_b->setCurrentIndex(m_tracks.size() > 1 ? 1 : 0);
    m_tolerance = new QSpinBox(this);
    m_tolerance->setRange(0, 5000);
    m_tolerance->setSuffix(tr(" ms"));
    m_tolerance->setValue(200);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_table = new QTableWidget(0, 6, this);
    m_table->setHorizontalHeaderLabels(
        {tr("label"), tr("precision"), tr("recall"), tr("F1"), tr("frames (reference)"), tr("frames (other)")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto* form = new QFormLayout;
    form->addRow(tr("Reference track (A):"), m_a);
    form->addRow(tr("Other track (B):"), m_b);
    form->addRow(tr("Boundary tolerance:"), m_tolerance);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* save = buttons->addButton(tr("Save CSV…"), QDialogButtonBox::ActionRole);
    connect(save, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Save agreement"), {}, tr("CSV (*.csv)"));
        if (!file.isEmpty())
            saveCsv(file);
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(640, 420);
    connect(m_a, &QComboBox::currentIndexChanged, this, &AgreementDialog::recompute);
    connect(m_b, &QComboBox::currentIndexChanged, this, &AgreementDialog::recompute);
    connect(m_tolerance, &QSpinBox::valueChanged, this, &AgreementDialog::recompute);
    recompute();
}

void AgreementDialog::setTracks(int reference, int other)
{
    m_a->setCurrentIndex(reference);
    m_b->setCurrentIndex(other);
    recompute();
}

void AgreementDialog::setTolerance_ms(int ms) { m_tolerance->setValue(ms); }

void AgreementDialog::recompute()
{
    m_result.reset();
    m_table->setRowCount(0);
    const int a = m_a->currentIndex(), b = m_b->currentIndex();
    if (a < 0 || b < 0)
        return;
    const LabelTrack& ta = m_tracks[std::size_t(a)];
    const LabelTrack& tb = m_tracks[std::size_t(b)];
    try {
        m_result =
            computeAgreement(ta, tb, agreementFrameTimes(m_session, ta, tb), TimeNs(m_tolerance->value()) * kNsPerMs);
    } catch (const Error& e) {
        m_summary->setText(tr("Cannot compare: %1").arg(QString::fromStdString(e.what())));
        return;
    }
    const AgreementResult& r = *m_result;
    const SegmentAgreement& s = r.segments;
    m_summary->setText(tr("Cohen's kappa %1 over %2 frames (observed agreement %3, chance %4). Segments: %5 "
                          "matched, %6 missed, %7 extra (F1 %8).")
                           .arg(r.kappa, 0, 'f', 3)
                           .arg(r.frames)
                           .arg(r.observed, 0, 'f', 3)
                           .arg(r.expected, 0, 'f', 3)
                           .arg(s.matched)
                           .arg(s.missed)
                           .arg(s.extra)
                           .arg(s.f1, 0, 'f', 3));
    for (const auto& [label, scores] : r.perLabel) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        const QStringList cells{QString::fromStdString(label),           QString::number(scores.precision, 'f', 3),
                                QString::number(scores.recall, 'f', 3),  QString::number(scores.f1, 'f', 3),
                                QString::number(scores.referenceFrames), QString::number(scores.otherFrames)};
        for (int c = 0; c < int(cells.size()); ++c)
            m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
    }
}

bool AgreementDialog::saveCsv(const QString& file)
{
    if (!m_result)
        return false;
    QSaveFile f(file);
    if (f.open(QIODevice::WriteOnly)) {
        f.write(QByteArray::fromStdString(m_result->toCsv()));
        if (f.commit())
            return true;
    }
    m_summary->setText(tr("Cannot write %1: %2").arg(file, f.errorString()));
    return false;
}

} // namespace insolepose
