#include "RecordDialog.h"

#include "insolepose/Version.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>

namespace insolepose {

RecordDialog::RecordDialog(QWidget* parent, InsoleSize size) : QDialog(parent)
{
    setWindowTitle(tr("Record session"));
    auto* form = new QFormLayout(this);
    const QString base = QSettings().value("record/folder", QDir::homePath() + "/insolepose-sessions").toString();
    m_folder = new QLineEdit(base + "/" + QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss"), this);
    m_subject = new QLineEdit(this);
    m_size = new QComboBox(this);
    m_size->addItem(tr("small"), "small");
    m_size->addItem(tr("large"), "large");
    m_size->setCurrentIndex(size == InsoleSize::Large ? 1 : 0);
    m_notes = new QPlainTextEdit(this);
    m_notes->setMaximumHeight(80);
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    auto* browseButton = new QPushButton(tr("Browse…"), this);
    browseButton->setObjectName("browse");
    folderRow->addWidget(browseButton);
    connect(browseButton, &QPushButton::clicked, this, &RecordDialog::browse);
    form->addRow(tr("Session folder"), folderRow);
    form->addRow(tr("Subject"), m_subject);
    form->addRow(tr("Insole size"), m_size);
    form->addRow(tr("Notes"), m_notes);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString RecordDialog::folder() const { return m_folder->text(); }

void RecordDialog::browse()
{
    const QFileInfo current(folder());
    const QString start = current.path();
    const QString parent =
        m_askFolder ? m_askFolder(start) : QFileDialog::getExistingDirectory(this, tr("Folder to record into"), start);
    if (!parent.isEmpty())
        m_folder->setText(QDir(parent).filePath(current.fileName()));
}

SessionMetadata RecordDialog::metadata() const
{
    SessionMetadata meta;
    meta.id = std::filesystem::path(folder().toStdString()).filename().string();
    meta.subjectId = m_subject->text().toStdString();
    meta.createdUtc = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
    meta.appVersion = kVersionString;
    meta.notes = m_notes->toPlainText().toStdString();
    for (auto& insole : meta.insoles)
        insole.size = parseInsoleSize(m_size->currentData().toString().toStdString());
    return meta;
}

void RecordDialog::rememberFolder() const { QSettings().setValue("record/folder", QFileInfo(folder()).path()); }

} // namespace insolepose
