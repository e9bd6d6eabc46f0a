#pragma once
// Live > Record: the session folder (default: the last folder used plus a date-time name; Browse
// picks the folder it goes in), subject, insole size (default: the connected insoles') and notes
// of a new recording. Reports no errors: the folder is checked when recording starts.
#include "insolepose/Session.h"

#include <QDialog>

#include <filesystem>
#include <functional>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;

namespace insolepose {

/// Asks for a recording's folder and metadata.
class RecordDialog : public QDialog {
    Q_OBJECT
public:
    explicit RecordDialog(QWidget* parent = nullptr, InsoleSize size = InsoleSize::Small);

    QString folder() const;
    /// Browse: asks for the folder the recording goes in (the recording's own name is kept).
    void browse();
    /// Replaces the folder question Browse asks (a file dialog; returns "" when cancelled), e.g. in tests.
    void setFolderQuestion(std::function<QString(const QString& start)> ask) { m_askFolder = std::move(ask); }
    /// The metadata to record with: id (the folder's name), subject, notes, insole size, creation
    /// time and this program's version.
    SessionMetadata metadata() const;
    /// Remembers the folder's parent as the next default (QSettings "record/folder").
    void rememberFolder() const;

private:
    QLineEdit* m_folder;
    QLineEdit* m_subject;
    QComboBox* m_size;
    QPlainTextEdit* m_notes;
    std::function<QString(const QString&)> m_askFolder;
};

} // namespace insolepose
