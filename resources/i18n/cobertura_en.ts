<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="es_MX">
<context>
    <name></name>
    <message>
        <source>No se pudo guardar la calificación: {0}</source>
        <translation>Could not save the rating: {0}</translation>
    </message>
    <message>
        <source>Marca guardada, pero no se pudo actualizar su XMP: {0}</source>
        <translation>Mark saved, but its XMP could not be updated: {0}</translation>
    </message>
    <message>
        <source>Marcas guardadas, pero {0} XMP no se pudieron actualizar; el primero: {1}</source>
        <translation>Marks saved, but {0} XMP sidecars could not be updated; the first: {1}</translation>
    </message>
    <message>
        <source>Archivo</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Fecha de captura</source>
        <translation>Capture time</translation>
    </message>
    <message>
        <source>Fecha tomada de</source>
        <translation>Time taken from</translation>
    </message>
    <message>
        <source>Cámara</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>Tamaño</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Duración</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>GPS</source>
        <translation>GPS</translation>
    </message>
    <message>
        <source>Calificación</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>Puntuación para el boletín</source>
        <translation>Score for the bulletin</translation>
    </message>
    <message>
        <source>Problemas</source>
        <translation>Problems</translation>
    </message>
    <message>
        <source>Nombre original</source>
        <translation>Original name</translation>
    </message>
    <message>
        <source>Verificación</source>
        <translation>Verification</translation>
    </message>
    <message>
        <source>etiqueta roja</source>
        <translation>red label</translation>
    </message>
    <message>
        <source>etiqueta amarilla</source>
        <translation>yellow label</translation>
    </message>
    <message>
        <source>etiqueta verde</source>
        <translation>green label</translation>
    </message>
    <message>
        <source>etiqueta azul</source>
        <translation>blue label</translation>
    </message>
    <message>
        <source>etiqueta morada</source>
        <translation>purple label</translation>
    </message>
    <message>
        <source>nitidez {0:.2f} · exposición {1:.2f}</source>
        <translation>sharpness {0:.2f} · exposure {1:.2f}</translation>
    </message>
    <message>
        <source>(serie {0})</source>
        <translation>(serial {0})</translation>
    </message>
    <message>
        <source>elegida</source>
        <translation>picked</translation>
    </message>
    <message>
        <source>descartada</source>
        <translation>rejected</translation>
    </message>
    <message>
        <source>sugerida</source>
        <translation>suggested</translation>
    </message>
    <message>
        <source>desconocida</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>sin ubicación</source>
        <translation>no location</translation>
    </message>
    <message>
        <source>ninguno</source>
        <translation>none</translation>
    </message>
    <message>
        <source>copia verificada (xxh3-128)</source>
        <translation>verified copy (xxh3-128)</translation>
    </message>
    <message>
        <source>Elige una foto, un video o un audio para ver sus datos.</source>
        <translation>Choose a photo, video or audio file to see its details.</translation>
    </message>
    <message>
        <source>Audio: sin imagen</source>
        <translation>Audio: no picture</translation>
    </message>
    <message>
        <source>Enviado</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Cambios sin enviar</source>
        <translation>Changes not sent</translation>
    </message>
    <message>
        <source>Sin enviar</source>
        <translation>Not sent</translation>
    </message>
    <message>
        <source>catálogo ilegible</source>
        <translation>unreadable catalog</translation>
    </message>
    <message>
        <source>contando…</source>
        <translation>counting…</translation>
    </message>
    <message>
        <source>{0} elegidas</source>
        <translation>{0} picked</translation>
    </message>
    <message>
        <source>1 foto coincide</source>
        <translation>1 photo matches</translation>
    </message>
    <message>
        <source>{0} fotos coinciden</source>
        <translation>{0} photos match</translation>
    </message>
    <message>
        <source>Buscar: título, lugar, fecha o pie de foto…</source>
        <translation>Search: title, place, date or caption…</translation>
    </message>
    <message>
        <source>AUDIO</source>
        <translation>AUDIO</translation>
    </message>
    <message>
        <source>Cargando…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>Sin vista previa</source>
        <translation>No preview</translation>
    </message>
    <message>
        <source>cámara o teléfono (DCIM)</source>
        <translation>camera or phone (DCIM)</translation>
    </message>
    <message>
        <source>GoPro</source>
        <translation>GoPro</translation>
    </message>
    <message>
        <source>Sony XAVC</source>
        <translation>Sony XAVC</translation>
    </message>
    <message>
        <source>AVCHD</source>
        <translation>AVCHD</translation>
    </message>
    <message>
        <source>grabadora de audio</source>
        <translation>audio recorder</translation>
    </message>
    <message>
        <source>Se encontraron {0} ({1}).</source>
        <translation>Found {0} ({1}).</translation>
    </message>
    <message>
        <source>Tipo de tarjeta: {0}.</source>
        <translation>Card type: {0}.</translation>
    </message>
    <message>
        <source>Se omiten {0} archivos del sistema.</source>
        <translation>{0} system files are skipped.</translation>
    </message>
    <message>
        <source>{0} archivos no son fotos, videos ni audios o no se pueden leer: no se copiarán.</source>
        <translation>{0} files are not photos, videos or audio, or cannot be read: they will not be copied.</translation>
    </message>
    <message>
        <source>Importar tarjeta</source>
        <translation>Import card</translation>
    </message>
    <message>
        <source>Tarjeta o carpeta con fotos, videos o audios</source>
        <translation>Card or folder with photos, videos or audio</translation>
    </message>
    <message>
        <source>Elegir carpeta…</source>
        <translation>Choose folder…</translation>
    </message>
    <message>
        <source>Automático: por la agenda y la fecha de cada archivo</source>
        <translation>Automatic: by the agenda and each file&apos;s time</translation>
    </message>
    <message>
        <source>Opcional: segunda copia en otro disco</source>
        <translation>Optional: a second copy on another drive</translation>
    </message>
    <message>
        <source>Exportar {0}</source>
        <translation>Export {0}</translation>
    </message>
    <message>
        <source>No se pudo exportar: {0}</source>
        <translation>Could not export: {0}</translation>
    </message>
    <message>
        <source>Cancelado: no se escribió ningún paquete.</source>
        <translation>Cancelled: no package was written.</translation>
    </message>
    <message>
        <source>Ninguna foto se pudo exportar; no se escribió ningún paquete.</source>
        <translation>No photo could be exported; no package was written.</translation>
    </message>
    <message>
        <source>Listo: {0} ({1} fotos)</source>
        <translation>Done: {0} ({1} photos)</translation>
    </message>
    <message>
        <source>{0} sin pie de foto</source>
        <translation>{0} without a caption</translation>
    </message>
    <message>
        <source>{0} no se pudieron exportar</source>
        <translation>{0} could not be exported</translation>
    </message>
    <message>
        <source>Exportar boletín</source>
        <translation>Export bulletin</translation>
    </message>
    <message>
        <source>{0} fotos se exportarán.</source>
        <translation>{0} photos will be exported.</translation>
    </message>
    <message>
        <source>Los {0} videos y audios se omiten.</source>
        <translation>The {0} videos and audio files are left out.</translation>
    </message>
    <message>
        <source>No hay fotos elegidas para exportar.</source>
        <translation>There are no picked photos to export.</translation>
    </message>
    <message>
        <source>Abrir carpeta</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <source>Exportar</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>Formato:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>Elegir…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>Calidad JPEG:</source>
        <translation>JPEG quality:</translation>
    </message>
    <message>
        <source>Poner el logo de la oficina</source>
        <translation>Add the office&apos;s logo</translation>
    </message>
    <message>
        <source>Hacer también un .zip</source>
        <translation>Also make a .zip</translation>
    </message>
    <message>
        <source>Carpeta del paquete</source>
        <translation>Package folder</translation>
    </message>
    <message>
        <source>Elige la carpeta donde guardar el paquete.</source>
        <translation>Choose the folder to save the package in.</translation>
    </message>
    <message>
        <source>Exportando…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <source>Sin pie de foto ({0}):</source>
        <translation>Without a caption ({0}):</translation>
    </message>
    <message>
        <source>Origen:</source>
        <translation>Source:</translation>
    </message>
    <message>
        <source>Evento:</source>
        <translation>Event:</translation>
    </message>
    <message>
        <source>Respaldo:</source>
        <translation>Backup:</translation>
    </message>
    <message>
        <source>Elige la tarjeta o la carpeta que quieres importar.</source>
        <translation>Choose the card or folder you want to import.</translation>
    </message>
    <message>
        <source>Copiar y verificar</source>
        <translation>Copy and verify</translation>
    </message>
    <message>
        <source>Cancelar copia</source>
        <translation>Cancel copy</translation>
    </message>
    <message>
        <source>Cerrar</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Expulsar tarjeta</source>
        <translation>Eject card</translation>
    </message>
    <message>
        <source>Problemas por archivo:</source>
        <translation>Problems by file:</translation>
    </message>
    <message>
        <source>No existe: {0}</source>
        <translation>Does not exist: {0}</translation>
    </message>
    <message>
        <source>Revisando {0}…</source>
        <translation>Checking {0}…</translation>
    </message>
    <message>
        <source>No se pudo revisar el origen: {0}</source>
        <translation>Could not check the source: {0}</translation>
    </message>
    <message>
        <source>Elegir tarjeta o carpeta</source>
        <translation>Choose card or folder</translation>
    </message>
    <message>
        <source>Elegir carpeta de respaldo</source>
        <translation>Choose backup folder</translation>
    </message>
    <message>
        <source>Empezando…</source>
        <translation>Starting…</translation>
    </message>
    <message>
        <source>Cancelando… (termina el archivo en curso)</source>
        <translation>Cancelling… (finishing the current file)</translation>
    </message>
    <message>
        <source>Copiados y verificados: {0} · ya estaban: {1} · con problemas: {2}</source>
        <translation>Copied and verified: {0} · already there: {1} · with problems: {2}</translation>
    </message>
    <message>
        <source>{0} en {1:.1f} s</source>
        <translation>{0} in {1:.1f} s</translation>
    </message>
    <message>
        <source>Ningún problema.</source>
        <translation>No problems.</translation>
    </message>
    <message>
        <source>Expulsando la tarjeta…</source>
        <translation>Ejecting the card…</translation>
    </message>
    <message>
        <source>Se puede formatear la tarjeta: SÍ</source>
        <translation>The card can be formatted: YES</translation>
    </message>
    <message>
        <source>NO se puede formatear la tarjeta</source>
        <translation>Do NOT format the card</translation>
    </message>
    <message>
        <source>No había fotos, videos ni audios que copiar.</source>
        <translation>There were no photos, videos or audio files to copy.</translation>
    </message>
    <message>
        <source>Todo está copiado y verificado: {0} nuevos, {1} ya estaban en la biblioteca.</source>
        <translation>Everything is copied and verified: {0} new, {1} were already in the library.</translation>
    </message>
    <message>
        <source>La copia se canceló antes de terminar; lo que falta sigue solo en la tarjeta.</source>
        <translation>The copy was cancelled before it finished; what is missing is still only on the card.</translation>
    </message>
    <message>
        <source>La copia se detuvo: {0}.</source>
        <translation>The copy stopped: {0}.</translation>
    </message>
    <message>
        <source>{0} archivos no se copiaron; ve la lista de problemas.</source>
        <translation>{0} files were not copied; see the list of problems.</translation>
    </message>
    <message>
        <source>{0} archivos de la tarjeta no se copiaron (no son fotos, videos ni audios); revísalos antes de formatear.</source>
        <translation>{0} files on the card were not copied (they are not photos, videos or audio); check them before formatting.</translation>
    </message>
    <message>
        <source>Pie de foto de la plantilla en 1 foto.</source>
        <translation>Caption from the template on 1 photo.</translation>
    </message>
    <message>
        <source>1 foto conservó el pie de foto que traía.</source>
        <translation>1 photo kept the caption it brought.</translation>
    </message>
    <message>
        <source>{0} fotos conservaron el pie de foto que traían.</source>
        <translation>{0} photos kept the caption they brought.</translation>
    </message>
    <message>
        <source>Pies de foto: {0}.</source>
        <translation>Captions: {0}.</translation>
    </message>
    <message>
        <source>Y 1 problema más con pies de foto.</source>
        <translation>And 1 more problem with captions.</translation>
    </message>
    <message>
        <source>Y {0} problemas más con pies de foto.</source>
        <translation>And {0} more problems with captions.</translation>
    </message>
    <message>
        <source>Importar {0}</source>
        <translation>Import {0}</translation>
    </message>
    <message>
        <source>Importar</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>el proceso de copia terminó de repente (código {0})</source>
        <translation>the copying process ended suddenly (code {0})</translation>
    </message>
    <message>
        <source>Pie de foto de la plantilla en {0} fotos.</source>
        <translation>Template caption on {0} photos.</translation>
    </message>
    <message>
        <source>La copia se canceló antes de empezar; no se copió nada.</source>
        <translation>The copy was cancelled before it started; nothing was copied.</translation>
    </message>
    <message>
        <source>otra importación está usando esta biblioteca; espera a que termine</source>
        <translation>another import is using this library; wait for it to finish</translation>
    </message>
    <message>
        <source>no existe {0}</source>
        <translation>{0} does not exist</translation>
    </message>
    <message>
        <source>No se pudo importar: {0}.</source>
        <translation>Could not import: {0}.</translation>
    </message>
    <message>
        <source>En espera…</source>
        <translation>Waiting…</translation>
    </message>
    <message>
        <source>Ver informe</source>
        <translation>View report</translation>
    </message>
    <message>
        <source>Cancelar</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Quitar</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Sin trabajos en curso.</source>
        <translation>No jobs running.</translation>
    </message>
    <message>
        <source>Cobertura — {0}</source>
        <translation>Cobertura — {0}</translation>
    </message>
    <message>
        <source>Acciones</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>Importar tarjeta…</source>
        <translation>Import card…</translation>
    </message>
    <message>
        <source>Actualizar</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Buscar evento</source>
        <translation>Find event</translation>
    </message>
    <message>
        <source>Preferencias…</source>
        <translation>Preferences…</translation>
    </message>
    <message>
        <source>Exportar boletín…</source>
        <translation>Export bulletin…</translation>
    </message>
    <message>
        <source>   Teclas: P elegir · X descartar · 0–5 estrellas · 6–9 color · Intro lupa · F pantalla completa · C pie de foto</source>
        <translation>   Keys: P pick · X reject · 0–5 stars · 6–9 colour · Enter loupe · F full screen · C caption</translation>
    </message>
    <message>
        <source>Recortar video o audio</source>
        <translation>Trim video or audio</translation>
    </message>
    <message>
        <source>Biblioteca: {0}</source>
        <translation>Library: {0}</translation>
    </message>
    <message>
        <source>Cargando la biblioteca…</source>
        <translation>Loading the library…</translation>
    </message>
    <message>
        <source>La biblioteca está vacía.</source>
        <translation>The library is empty.</translation>
    </message>
    <message>
        <source>Importa una tarjeta con «Importar tarjeta…» (Ctrl+I).</source>
        <translation>Import a card with “Import card…” (Ctrl+I).</translation>
    </message>
    <message>
        <source>Este evento no tiene archivos.</source>
        <translation>This event has no files.</translation>
    </message>
    <message>
        <source>Guardado.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <source>Elige fotos con P para exportarlas</source>
        <translation>Pick photos with P to export them</translation>
    </message>
    <message>
        <source>Elige un evento para exportar su boletín.</source>
        <translation>Choose an event to export its bulletin.</translation>
    </message>
    <message>
        <source>fecha de modificación del archivo (no trae fecha de captura)</source>
        <translation>the file&apos;s modification time (it has no capture time)</translation>
    </message>
    <message>
        <source>EXIF, fecha original</source>
        <translation>EXIF, original date</translation>
    </message>
    <message>
        <source>EXIF, fecha de creación</source>
        <translation>EXIF, creation date</translation>
    </message>
    <message>
        <source>fecha de creación de Apple</source>
        <translation>Apple creation date</translation>
    </message>
    <message>
        <source>fecha del contenedor QuickTime</source>
        <translation>QuickTime container date</translation>
    </message>
    <message>
        <source>sin fecha</source>
        <translation>no date</translation>
    </message>
    <message>
        <source>pie de foto</source>
        <translation>caption</translation>
    </message>
    <message>
        <source>crédito</source>
        <translation>credit</translation>
    </message>
    <message>
        <source>elección</source>
        <translation>pick</translation>
    </message>
    <message>
        <source>descarte</source>
        <translation>reject</translation>
    </message>
    <message>
        <source>estrellas</source>
        <translation>stars</translation>
    </message>
    <message>
        <source>etiqueta</source>
        <translation>label</translation>
    </message>
    <message>
        <source>sin ediciones</source>
        <translation>no edits</translation>
    </message>
    <message>
        <source>{0}, por {1}, {2}</source>
        <translation>{0}, by {1}, {2}</translation>
    </message>
    <message>
        <source>Pie de foto (los códigos como =alc se expanden)</source>
        <translation>Caption (codes such as =alc are expanded)</translation>
    </message>
    <message>
        <source>Foto: NOMBRE / Alcaldía Iztacalco</source>
        <translation>Foto: NOMBRE / Alcaldía Iztacalco</translation>
    </message>
    <message>
        <source>Guardar pie de foto</source>
        <translation>Save caption</translation>
    </message>
    <message>
        <source>Ctrl+Intro. Se guarda en tu diario, en la carpeta compartida.</source>
        <translation>Ctrl+Enter. Saved in your journal, on the shared folder.</translation>
    </message>
    <message>
        <source>Aportada por</source>
        <translation>Contributed by</translation>
    </message>
    <message>
        <source>Pie de foto</source>
        <translation>Caption</translation>
    </message>
    <message>
        <source>Pie de foto y crédito</source>
        <translation>Caption and credit</translation>
    </message>
    <message>
        <source>Pie de foto: {evento}, =código…</source>
        <translation>Caption: {evento}, =code…</translation>
    </message>
    <message>
        <source>palabras separadas por comas</source>
        <translation>words separated by commas</translation>
    </message>
    <message>
        <source>Guardar (Ctrl+Intro)</source>
        <translation>Save (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Crédito</source>
        <translation>Credit</translation>
    </message>
    <message>
        <source>Palabras clave</source>
        <translation>Keywords</translation>
    </message>
    <message>
        <source>Lugar</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>Insertar plantilla…</source>
        <translation>Insert template…</translation>
    </message>
    <message>
        <source>Mi plantilla: {0}</source>
        <translation>My template: {0}</translation>
    </message>
    <message>
        <source>Códigos: {0}</source>
        <translation>Codes: {0}</translation>
    </message>
    <message>
        <source>No se pueden usar los códigos: {0}</source>
        <translation>The codes cannot be used: {0}</translation>
    </message>
    <message>
        <source>Se guarda en {0} elementos seleccionados.</source>
        <translation>Saved to {0} selected items.</translation>
    </message>
    <message>
        <source>No se puede guardar: {0}</source>
        <translation>Cannot be saved: {0}</translation>
    </message>
    <message>
        <source>Quedará: {0}</source>
        <translation>It will read: {0}</translation>
    </message>
    <message>
        <source>No se guardó: {0}</source>
        <translation>Not saved: {0}</translation>
    </message>
    <message>
        <source>Guardando…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Pie de foto guardado en {0} elementos.</source>
        <translation>Caption saved to {0} items.</translation>
    </message>
    <message>
        <source>No se pudo guardar el pie de foto: {0}</source>
        <translation>Could not save the caption: {0}</translation>
    </message>
    <message>
        <source>Última edición</source>
        <translation>Last edit</translation>
    </message>
    <message>
        <source>desconocido</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>foto</source>
        <translation>photo</translation>
    </message>
    <message>
        <source>fotos</source>
        <translation>photos</translation>
    </message>
    <message>
        <source>video</source>
        <translation>video</translation>
    </message>
    <message>
        <source>videos</source>
        <translation>videos</translation>
    </message>
    <message>
        <source>audio</source>
        <translation>audio</translation>
    </message>
    <message>
        <source>audios</source>
        <translation>audio files</translation>
    </message>
    <message>
        <source>vacío</source>
        <translation>empty</translation>
    </message>
    <message>
        <source>archivo vacío (0 bytes)</source>
        <translation>empty file (0 bytes)</translation>
    </message>
    <message>
        <source>no se puede leer</source>
        <translation>cannot be read</translation>
    </message>
    <message>
        <source>archivo incompleto (copiado tal cual)</source>
        <translation>incomplete file (copied as it is)</translation>
    </message>
    <message>
        <source>datos dañados (copiado tal cual)</source>
        <translation>damaged data (copied as it is)</translation>
    </message>
    <message>
        <source>no es foto, video ni audio (no se copió)</source>
        <translation>not a photo, video or audio file (not copied)</translation>
    </message>
    <message>
        <source>sin fecha de captura: se usó la fecha del archivo</source>
        <translation>no capture time: the file&apos;s date was used</translation>
    </message>
    <message>
        <source>nombre ajustado</source>
        <translation>name adjusted</translation>
    </message>
    <message>
        <source>archivo especial (FIFO o dispositivo): omitido</source>
        <translation>special file (FIFO or device): skipped</translation>
    </message>
    <message>
        <source>enlace que sale de la tarjeta o forma un ciclo: omitido</source>
        <translation>link leading off the card or forming a loop: skipped</translation>
    </message>
    <message>
        <source>error de lectura a mitad del archivo</source>
        <translation>read error in the middle of the file</translation>
    </message>
    <message>
        <source>disco de destino lleno</source>
        <translation>destination disk full</translation>
    </message>
    <message>
        <source>no se pudo escribir en el destino</source>
        <translation>could not write to the destination</translation>
    </message>
    <message>
        <source>la copia no coincide con el original</source>
        <translation>the copy does not match the original</translation>
    </message>
    <message>
        <source>cancelado antes de copiarse</source>
        <translation>cancelled before it was copied</translation>
    </message>
    <message>
        <source>la hora cabe en más de un evento; se eligió el más cercano</source>
        <translation>the time fits more than one event; the nearest was chosen</translation>
    </message>
    <message>
        <source>hora imposible: revisa el reloj de la cámara</source>
        <translation>impossible time: check the camera&apos;s clock</translation>
    </message>
    <message>
        <source>ffmpeg falló</source>
        <translation>ffmpeg failed</translation>
    </message>
    <message>
        <source>ffmpeg tardó demasiado y se detuvo</source>
        <translation>ffmpeg took too long and was stopped</translation>
    </message>
    <message>
        <source>el clip no tiene sonido: la salida tampoco</source>
        <translation>the clip has no sound: neither does the output</translation>
    </message>
    <message>
        <source>más largo de lo que acepta la plataforma</source>
        <translation>longer than the platform accepts</translation>
    </message>
    <message>
        <source>imagen demasiado grande para abrirla con seguridad</source>
        <translation>image too large to open safely</translation>
    </message>
    <message>
        <source>no es una foto (solo se exportan fotos): omitido</source>
        <translation>not a photo (only photos are exported): skipped</translation>
    </message>
    <message>
        <source>sin pie de foto</source>
        <translation>no caption</translation>
    </message>
    <message>
        <source>más pequeña que el tamaño del formato: se exportó sin ampliarla</source>
        <translation>smaller than the preset&apos;s size: exported without enlarging it</translation>
    </message>
    <message>
        <source>campo recortado en IPTC-IIM (el XMP lo lleva completo)</source>
        <translation>field shortened in IPTC-IIM (the XMP carries it in full)</translation>
    </message>
    <message>
        <source>perfil de color dañado: se convirtió a sRGB sin él</source>
        <translation>damaged colour profile: converted to sRGB without it</translation>
    </message>
    <message>
        <source>el archivo no está en la biblioteca</source>
        <translation>the file is not in the library</translation>
    </message>
    <message>
        <source>el tiempo está fuera del clip</source>
        <translation>the time is outside the clip</translation>
    </message>
    <message>
        <source>la carpeta debe escribirse completa, desde la raíz: {0}</source>
        <translation>the folder must be written in full, from the root: {0}</translation>
    </message>
    <message>
        <source>eso no es una carpeta: {0}</source>
        <translation>that is not a folder: {0}</translation>
    </message>
    <message>
        <source>la carpeta de la biblioteca no existe: {0}</source>
        <translation>the library folder does not exist: {0}</translation>
    </message>
    <message>
        <source>no puede ser la biblioteca ni una carpeta dentro de ella: {0}</source>
        <translation>it cannot be the library nor a folder inside it: {0}</translation>
    </message>
    <message>
        <source>la plantilla de nombres está vacía</source>
        <translation>the file name template is empty</translation>
    </message>
    <message>
        <source>variable desconocida en la plantilla de nombres: {0}</source>
        <translation>unknown variable in the file name template: {0}</translation>
    </message>
    <message>
        <source>llave sin pareja en la plantilla de nombres: {0}</source>
        <translation>unpaired brace in the file name template: {0}</translation>
    </message>
    <message>
        <source>variable desconocida en la plantilla de pie de foto: {0}</source>
        <translation>unknown variable in the caption template: {0}</translation>
    </message>
    <message>
        <source>llave sin pareja en la plantilla de pie de foto: {0}</source>
        <translation>unpaired brace in the caption template: {0}</translation>
    </message>
    <message>
        <source>idioma no disponible: {0}</source>
        <translation>language not available: {0}</translation>
    </message>
    <message>
        <source>zona horaria desconocida: {0}</source>
        <translation>unknown time zone: {0}</translation>
    </message>
    <message>
        <source>los minutos antes y después de un evento van de 0 a 720: {0}</source>
        <translation>the minutes before and after an event go from 0 to 720: {0}</translation>
    </message>
    <message>
        <source>las iniciales son de 1 a 5 letras, sin espacios ni números: {0}</source>
        <translation>initials are 1 to 5 letters, without spaces or digits: {0}</translation>
    </message>
    <message>
        <source>un código es una sola palabra, sin espacios: {0}</source>
        <translation>a code is a single word, without spaces: {0}</translation>
    </message>
    <message>
        <source>el código no tiene texto: {0}</source>
        <translation>the code has no text: {0}</translation>
    </message>
    <message>
        <source>código repetido: {0}</source>
        <translation>code given twice: {0}</translation>
    </message>
    <message>
        <source>no se puede leer el archivo de códigos de la biblioteca: {0}</source>
        <translation>the library&apos;s codes file cannot be read: {0}</translation>
    </message>
    <message>
        <source>el identificador de quien edita no puede llevar / \ : * ? &quot; &lt; &gt; | ni pasar de 64 caracteres: {0}</source>
        <translation>the editor&apos;s id cannot contain / \ : * ? &quot; &lt; &gt; | nor be longer than 64 characters: {0}</translation>
    </message>
    <message>
        <source>Boletín (sitio web), lado mayor 2048 px</source>
        <translation>Bulletin (website), long side 2048 px</translation>
    </message>
    <message>
        <source>Facebook, lado mayor 2048 px</source>
        <translation>Facebook, long side 2048 px</translation>
    </message>
    <message>
        <source>Instagram, 1080×1350 vertical o 1080×1080</source>
        <translation>Instagram, 1080×1350 portrait or 1080×1080</translation>
    </message>
    <message>
        <source>X (Twitter), 1600×900</source>
        <translation>X (Twitter), 1600×900</translation>
    </message>
    <message>
        <source>prioridad alta</source>
        <translation>high priority</translation>
    </message>
    <message>
        <source>prioridad media</source>
        <translation>medium priority</translation>
    </message>
    <message>
        <source>prioridad baja</source>
        <translation>low priority</translation>
    </message>
    <message>
        <source>Todo el día</source>
        <translation>All day</translation>
    </message>
    <message>
        <source>sin archivos todavía</source>
        <translation>no files yet</translation>
    </message>
    <message>
        <source>Aún no hay archivos de este evento en la biblioteca.</source>
        <translation>There are no files of this event in the library yet.</translation>
    </message>
    <message>
        <source>Agenda</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <source>Día de la agenda</source>
        <translation>Agenda day</translation>
    </message>
    <message>
        <source>Día anterior</source>
        <translation>Previous day</translation>
    </message>
    <message>
        <source>Día siguiente</source>
        <translation>Next day</translation>
    </message>
    <message>
        <source>Hoy</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Cargando la agenda…</source>
        <translation>Loading the agenda…</translation>
    </message>
    <message>
        <source>No hay eventos en la agenda de este día.</source>
        <translation>No events on the agenda for this day.</translation>
    </message>
    <message>
        <source>No se pudo leer la agenda: {0}</source>
        <translation>Could not read the agenda: {0}</translation>
    </message>
    <message>
        <source>Aún no hay archivos de «{0}» en la biblioteca.</source>
        <translation>There are no files of “{0}” in the library yet.</translation>
    </message>
    <message>
        <source>Tarjeta «{0}»</source>
        <translation>Card “{0}”</translation>
    </message>
    <message>
        <source>y {0} eventos más</source>
        <translation>and {0} more events</translation>
    </message>
    <message>
        <source>sin evento: {0}</source>
        <translation>no event: {0}</translation>
    </message>
    <message>
        <source>según la hora de los archivos; revisando…</source>
        <translation>going by the files&apos; times; checking…</translation>
    </message>
    <message>
        <source>Eventos: {0}</source>
        <translation>Events: {0}</translation>
    </message>
    <message>
        <source>{0} archivos no se pueden leer o no son fotos, videos ni audios.</source>
        <translation>{0} files cannot be read or are not photos, videos or audio.</translation>
    </message>
    <message>
        <source>Importar…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <source>Ocultar este aviso (la tarjeta sigue conectada)</source>
        <translation>Hide this notice (the card stays connected)</translation>
    </message>
    <message>
        <source>contando archivos…</source>
        <translation>counting files…</translation>
    </message>
    <message>
        <source>no se pudo leer ({0})</source>
        <translation>could not be read ({0})</translation>
    </message>
    <message>
        <source>{0} de {1}</source>
        <translation>{0} of {1}</translation>
    </message>
    <message>
        <source>Nada que mostrar</source>
        <translation>Nothing to show</translation>
    </message>
    <message>
        <source>100 % (cargando…)</source>
        <translation>100 % (loading…)</translation>
    </message>
    <message>
        <source>Ajustada</source>
        <translation>Fit</translation>
    </message>
    <message>
        <source>El video no tiene un cuadro legible.</source>
        <translation>The video has no readable frame.</translation>
    </message>
    <message>
        <source>Preferencias</source>
        <translation>Preferences</translation>
    </message>
    <message>
        <source>Carpetas</source>
        <translation>Folders</translation>
    </message>
    <message>
        <source>Personas</source>
        <translation>People</translation>
    </message>
    <message>
        <source>Plantillas</source>
        <translation>Templates</translation>
    </message>
    <message>
        <source>Códigos</source>
        <translation>Codes</translation>
    </message>
    <message>
        <source>Idioma y hora</source>
        <translation>Language and time</translation>
    </message>
    <message>
        <source>Elegir la biblioteca</source>
        <translation>Choose the library</translation>
    </message>
    <message>
        <source>Elegir la carpeta de respaldo</source>
        <translation>Choose the backup folder</translation>
    </message>
    <message>
        <source>Elegir la carpeta compartida</source>
        <translation>Choose the shared folder</translation>
    </message>
    <message>
        <source>Opcional: la carpeta de la oficina en la red</source>
        <translation>Optional: the office&apos;s folder on the network</translation>
    </message>
    <message>
        <source>Biblioteca:</source>
        <translation>Library:</translation>
    </message>
    <message>
        <source>Carpeta compartida:</source>
        <translation>Shared folder:</translation>
    </message>
    <message>
        <source>Al abrir, manda la variable COBERTURA_LIBRARY: {0}</source>
        <translation>At start, the COBERTURA_LIBRARY variable wins: {0}</translation>
    </message>
    <message>
        <source>Nombre y apellido, como va en el crédito</source>
        <translation>First and last name, as in the credit</translation>
    </message>
    <message>
        <source>Fotógrafo o fotógrafa (crédito):</source>
        <translation>Photographer (credit):</translation>
    </message>
    <message>
        <source>Iniciales:</source>
        <translation>Initials:</translation>
    </message>
    <message>
        <source>Quien edita (identificador):</source>
        <translation>Editor (id):</translation>
    </message>
    <message>
        <source>Las iniciales van en los nombres de archivo ({initials}); vacías, se toman del nombre. El identificador firma tus calificaciones y pies de foto en la carpeta compartida; vacío, se usa usuario@equipo.</source>
        <translation>Initials go into file names ({initials}); left empty, they come from the name. The id signs your ratings and captions on the shared folder; left empty, user@computer is used.</translation>
    </message>
    <message>
        <source>Nombres de archivo:</source>
        <translation>File names:</translation>
    </message>
    <message>
        <source>Ejemplo:</source>
        <translation>Example:</translation>
    </message>
    <message>
        <source>Variables: {0}</source>
        <translation>Variables: {0}</translation>
    </message>
    <message>
        <source>Pie de foto:</source>
        <translation>Caption:</translation>
    </message>
    <message>
        <source>Código</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Se escribe</source>
        <translation>Written as</translation>
    </message>
    <message>
        <source>Añadir código</source>
        <translation>Add code</translation>
    </message>
    <message>
        <source>Un código (por ejemplo =alc) se cambia por su texto en los pies de foto, para que los nombres y cargos siempre vayan bien escritos. Los códigos son de esta biblioteca.</source>
        <translation>A code (for example =alc) is replaced by its text in captions, so names and titles are always spelt right. The codes belong to this library.</translation>
    </message>
    <message>
        <source>Idioma:</source>
        <translation>Language:</translation>
    </message>
    <message>
        <source>Zona horaria de la biblioteca:</source>
        <translation>Library time zone:</translation>
    </message>
    <message>
        <source>Un evento recibe fotos desde antes de su inicio:</source>
        <translation>An event takes photos from before its start:</translation>
    </message>
    <message>
        <source>y hasta después de su fin:</source>
        <translation>and until after its end:</translation>
    </message>
    <message>
        <source>El idioma y la biblioteca se aplican al guardar: la ventana se vuelve a abrir. La zona horaria y los minutos valen para las próximas importaciones.</source>
        <translation>Language and library apply on saving: the window opens again. The time zone and the minutes apply to the next imports.</translation>
    </message>
    <message>
        <source>(la plantilla no es válida)</source>
        <translation>(the template is not valid)</translation>
    </message>
    <message>
        <source>(sin plantilla: el pie se escribe a mano)</source>
        <translation>(no template: captions are written by hand)</translation>
    </message>
    <message>
        <source>Hay trabajos en curso: espera a que terminen (o cancélalos) antes de cambiar de biblioteca o de idioma.</source>
        <translation>Jobs are running: wait for them to finish (or cancel them) before changing the library or the language.</translation>
    </message>
    <message>
        <source>No se pudieron guardar las preferencias: {0}</source>
        <translation>Could not save the preferences: {0}</translation>
    </message>
    <message>
        <source>no hay carpeta compartida elegida</source>
        <translation>no shared folder chosen</translation>
    </message>
    <message>
        <source>No se pudo guardar en la carpeta compartida: {0}</source>
        <translation>Could not save to the shared folder: {0}</translation>
    </message>
    <message>
        <source>quedan {0}</source>
        <translation>{0} left</translation>
    </message>
    <message>
        <source>Recortar {0}</source>
        <translation>Trim {0}</translation>
    </message>
    <message>
        <source>No se pudo recortar: {0}</source>
        <translation>Could not trim: {0}</translation>
    </message>
    <message>
        <source>sin salida</source>
        <translation>no output</translation>
    </message>
    <message>
        <source>No se escribió ninguna salida: {0}</source>
        <translation>No output was written: {0}</translation>
    </message>
    <message>
        <source>Listo: {0} ({1:.1f} s, {2})</source>
        <translation>Done: {0} ({1:.1f} s, {2})</translation>
    </message>
    <message>
        <source>Recortar — {0}</source>
        <translation>Trim — {0}</translation>
    </message>
    <message>
        <source>Leyendo el audio…</source>
        <translation>Reading the audio…</translation>
    </message>
    <message>
        <source>Leyendo cuadros…</source>
        <translation>Reading frames…</translation>
    </message>
    <message>
        <source>Entrada (I)</source>
        <translation>In (I)</translation>
    </message>
    <message>
        <source>Salida (O)</source>
        <translation>Out (O)</translation>
    </message>
    <message>
        <source>Quitar marcas</source>
        <translation>Clear marks</translation>
    </message>
    <message>
        <source>Sin pérdida (rápido; empieza en el cuadro clave anterior)</source>
        <translation>Lossless (fast; starts at the previous keyframe)</translation>
    </message>
    <message>
        <source>Exacto al cuadro (recodifica)</source>
        <translation>Frame-accurate (re-encodes)</translation>
    </message>
    <message>
        <source>Ninguno (el formato del clip)</source>
        <translation>None (the clip&apos;s format)</translation>
    </message>
    <message>
        <source>Cambiar…</source>
        <translation>Change…</translation>
    </message>
    <message>
        <source>Cortar</source>
        <translation>Cut</translation>
    </message>
    <message>
        <source>Corte:</source>
        <translation>Cut:</translation>
    </message>
    <message>
        <source>Versión para:</source>
        <translation>Version for:</translation>
    </message>
    <message>
        <source>Guardar en:</source>
        <translation>Save to:</translation>
    </message>
    <message>
        <source>sin sonido</source>
        <translation>no sound</translation>
    </message>
    <message>
        <source>No se puede recortar este archivo: {0}</source>
        <translation>This file cannot be trimmed: {0}</translation>
    </message>
    <message>
        <source>Duración del corte: {0:.1f} s</source>
        <translation>Length of the cut: {0:.1f} s</translation>
    </message>
    <message>
        <source>Guardar el corte como</source>
        <translation>Save the cut as</translation>
    </message>
    <message>
        <source>La salida debe ir después de la entrada.</source>
        <translation>The out point must come after the in point.</translation>
    </message>
    <message>
        <source>Cortando…</source>
        <translation>Cutting…</translation>
    </message>
    <message>
        <source>Lupa</source>
        <translation>Loupe</translation>
    </message>
    <message>
        <source>Ver la foto en grande (Intro o Espacio)</source>
        <translation>See the photo large (Enter or Space)</translation>
    </message>
    <message>
        <source>Comparar</source>
        <translation>Compare</translation>
    </message>
    <message>
        <source>Dos fotos lado a lado (Mayús+C)</source>
        <translation>Two photos side by side (Shift+C)</translation>
    </message>
    <message>
        <source>Pantalla completa</source>
        <translation>Full screen</translation>
    </message>
    <message>
        <source>Pantalla completa (F)</source>
        <translation>Full screen (F)</translation>
    </message>
    <message>
        <source>Aceptar sugeridas</source>
        <translation>Accept suggested</translation>
    </message>
    <message>
        <source>Elegir todas las fotos sugeridas (Mayús+P)</source>
        <translation>Pick every suggested photo (Shift+P)</translation>
    </message>
    <message>
        <source>No hay sugeridas por aceptar.</source>
        <translation>No suggestions left to accept.</translation>
    </message>
    <message>
        <source>{0} sugeridas aceptadas como elegidas.</source>
        <translation>{0} suggestions accepted as picks.</translation>
    </message>
    <message>
        <source>Biblioteca</source>
        <translation>Library</translation>
    </message>
    <message>
        <source>Carpeta compartida</source>
        <translation>Shared folder</translation>
    </message>
    <message>
        <source>Los eventos de la carpeta compartida, con las elecciones y los pies de foto de todos</source>
        <translation>The shared folder&apos;s events, with everyone&apos;s picks and captions</translation>
    </message>
    <message>
        <source>Guardado en la carpeta compartida.</source>
        <translation>Saved to the shared folder.</translation>
    </message>
    <message>
        <source>Cargando la carpeta compartida…</source>
        <translation>Loading the shared folder…</translation>
    </message>
    <message>
        <source>No hay carpeta compartida configurada.</source>
        <translation>No shared folder is set.</translation>
    </message>
    <message>
        <source>Elígela con «Elegir carpeta…» o en las preferencias.</source>
        <translation>Choose it with “Choose folder…” or in the preferences.</translation>
    </message>
    <message>
        <source>Carpeta compartida: {0}</source>
        <translation>Shared folder: {0}</translation>
    </message>
    <message>
        <source>No se guardó en las preferencias: {0}</source>
        <translation>Not saved in the preferences: {0}</translation>
    </message>
    <message>
        <source>La carpeta compartida no está disponible:</source>
        <translation>The shared folder is not available:</translation>
    </message>
    <message>
        <source>Conecta la unidad de red; se abrirá sola en cuanto vuelva.</source>
        <translation>Connect the network drive; it will open by itself as soon as it is back.</translation>
    </message>
    <message>
        <source>La carpeta compartida aún no tiene eventos.</source>
        <translation>The shared folder has no events yet.</translation>
    </message>
    <message>
        <source>Aparecerán aquí en cuanto alguien envíe uno (Sincronizar).</source>
        <translation>They will appear here as soon as someone sends one (Sync).</translation>
    </message>
    <message>
        <source>Enviaron: {0}</source>
        <translation>Sent by: {0}</translation>
    </message>
    <message>
        <source>nadie</source>
        <translation>nobody</translation>
    </message>
    <message>
        <source>Editaron: {0}</source>
        <translation>Edited by: {0}</translation>
    </message>
    <message>
        <source>{0} elegidas de {1}</source>
        <translation>{0} picked of {1}</translation>
    </message>
    <message>
        <source>1 conflicto (se guardaron las dos versiones)</source>
        <translation>1 conflict (both versions were kept)</translation>
    </message>
    <message>
        <source>{0} conflictos (se guardaron todas las versiones)</source>
        <translation>{0} conflicts (every version was kept)</translation>
    </message>
    <message>
        <source>{0} archivos ilegibles (ver detalle)</source>
        <translation>{0} unreadable files (see details)</translation>
    </message>
    <message>
        <source>Paquete del boletín con las {0} fotos elegidas</source>
        <translation>Bulletin package with the {0} picked photos</translation>
    </message>
    <message>
        <source>Pie de foto guardado en la carpeta compartida.</source>
        <translation>Caption saved to the shared folder.</translation>
    </message>
    <message>
        <source>{0} de {1} archivos</source>
        <translation>{0} of {1} files</translation>
    </message>
    <message>
        <source>Ninguna foto de {0} archivos vale la pena sugerir</source>
        <translation>None of {0} files is worth suggesting</translation>
    </message>
    <message>
        <source>1 foto sugerida de {1} archivos</source>
        <translation>1 photo suggested out of {1} files</translation>
    </message>
    <message>
        <source>{0} fotos sugeridas de {1} archivos</source>
        <translation>{0} photos suggested out of {1} files</translation>
    </message>
    <message>
        <source>1 grupo</source>
        <translation>1 group</translation>
    </message>
    <message>
        <source>{0} grupos</source>
        <translation>{0} groups</translation>
    </message>
    <message>
        <source>se conservan {0} elegidas a mano</source>
        <translation>{0} picked by hand are kept</translation>
    </message>
    <message>
        <source>1 archivo no se pudo leer (en «Ver informe»)</source>
        <translation>1 file could not be read (see “View report”)</translation>
    </message>
    <message>
        <source>{0} archivos no se pudieron leer (en «Ver informe»)</source>
        <translation>{0} files could not be read (see “View report”)</translation>
    </message>
    <message>
        <source>Archivos que no se pudieron leer:</source>
        <translation>Files that could not be read:</translation>
    </message>
    <message>
        <source>Sugerir fotos: {0}</source>
        <translation>Suggest photos: {0}</translation>
    </message>
    <message>
        <source>Las fotos quedaron calificadas, pero no se pudieron anotar las sugerencias en la carpeta del evento: {0}</source>
        <translation>The photos were scored, but the suggestions could not be written in the event folder: {0}</translation>
    </message>
    <message>
        <source>Cancelado: no se anotó ninguna sugerencia; las fotos ya calificadas no se califican de nuevo la próxima vez.</source>
        <translation>Cancelled: no suggestion was recorded; photos already scored will not be scored again next time.</translation>
    </message>
    <message>
        <source>Este evento no tiene fotos ni videos que sugerir.</source>
        <translation>This event has no photos or videos to suggest.</translation>
    </message>
    <message>
        <source>No se pudieron sugerir fotos: {0}</source>
        <translation>Could not suggest photos: {0}</translation>
    </message>
    <message>
        <source>Sugerir fotos</source>
        <translation>Suggest photos</translation>
    </message>
    <message>
        <source>En la carpeta compartida solo se anotan los diarios: sugiere fotos desde la Biblioteca.</source>
        <translation>In the shared folder only journals are written: suggest photos from the Library.</translation>
    </message>
    <message>
        <source>Ya se están sugiriendo fotos; espera a que termine o cancélalo.</source>
        <translation>Photos are already being suggested; wait for it to finish or cancel it.</translation>
    </message>
    <message>
        <source>Elige un evento de la biblioteca para sugerir sus mejores fotos.</source>
        <translation>Choose an event of the library to suggest its best photos.</translation>
    </message>
    <message>
        <source>Elegir las mejores fotos del evento, variadas, como sugeridas ({0})</source>
        <translation>Mark the event&apos;s best, varied photos as suggested ({0})</translation>
    </message>
    <message>
        <source>Calificando las fotos del evento…</source>
        <translation>Scoring the event&apos;s photos…</translation>
    </message>
    <message>
        <source>Cuadro de {0} en {1}</source>
        <translation>Frame of {0} at {1}</translation>
    </message>
    <message>
        <source>cancelado; no se guardó nada</source>
        <translation>cancelled; nothing was saved</translation>
    </message>
    <message>
        <source>otra importación está usando la biblioteca</source>
        <translation>another import is using the library</translation>
    </message>
    <message>
        <source>No se guardó el cuadro: {0}</source>
        <translation>The frame was not saved: {0}</translation>
    </message>
    <message>
        <source>Ese cuadro ya estaba en la biblioteca: {0}</source>
        <translation>That frame was already in the library: {0}</translation>
    </message>
    <message>
        <source>Foto guardada: {0}</source>
        <translation>Photo saved: {0}</translation>
    </message>
    <message>
        <source>Guardar cuadro como foto</source>
        <translation>Save frame as photo</translation>
    </message>
    <message>
        <source>En la carpeta compartida solo se anotan los diarios: guarda cuadros desde la Biblioteca.</source>
        <translation>In the shared folder only the journals are written: save frames from the Library.</translation>
    </message>
    <message>
        <source>El clip no tiene imagen que guardar.</source>
        <translation>The clip has no picture to save.</translation>
    </message>
    <message>
        <source>Guardar el cuadro que se ve como foto JPEG del mismo evento, con la hora y la cámara del clip ({0})</source>
        <translation>Save the frame shown as a JPEG photo of the same event, with the clip&apos;s time and camera ({0})</translation>
    </message>
    <message>
        <source>Guardando el cuadro en {0}…</source>
        <translation>Saving the frame at {0}…</translation>
    </message>
    <message>
        <source>Este evento no tiene fotos que agrupar.</source>
        <translation>This event has no photos to group.</translation>
    </message>
    <message>
        <source>Para agrupar parecidas hace falta calificar las fotos: usa «Sugerir fotos» ({0}).</source>
        <translation>Grouping similar photos needs the photos scored first: use «Suggest photos» ({0}).</translation>
    </message>
    <message>
        <source>Ninguna foto de este evento tiene parecidas</source>
        <translation>No photo of this event has similar ones</translation>
    </message>
    <message>
        <source>{0} fotos en 1 grupo de parecidas</source>
        <translation>{0} photos in 1 group of similar photos</translation>
    </message>
    <message>
        <source>{0} fotos en {1} grupos de parecidas</source>
        <translation>{0} photos in {1} groups of similar photos</translation>
    </message>
    <message>
        <source>1 foto sin calificar</source>
        <translation>1 photo not scored</translation>
    </message>
    <message>
        <source>{0} fotos sin calificar</source>
        <translation>{0} photos not scored</translation>
    </message>
    <message>
        <source>(«Sugerir fotos», {0})</source>
        <translation>(«Suggest photos», {0})</translation>
    </message>
    <message>
        <source>Agrupar parecidas</source>
        <translation>Group similar photos</translation>
    </message>
    <message>
        <source>Mostrar cada grupo de fotos parecidas solo con su mejor foto ({0}); {1} o un clic en el número abre o cierra un grupo</source>
        <translation>Show each group of similar photos as its best photo only ({0}); {1} or a click on the number opens or closes a group</translation>
    </message>
    <message>
        <source>Abrir o cerrar el grupo de parecidas</source>
        <translation>Open or close the group of similar photos</translation>
    </message>
    <message>
        <source>No se pudo guardar la preferencia: {0}</source>
        <translation>The preference could not be saved: {0}</translation>
    </message>
    <message>
        <source>No se pudieron agrupar las parecidas: {0}</source>
        <translation>Similar photos could not be grouped: {0}</translation>
    </message>
    <message>
        <source>Activa «Agrupar parecidas» ({0}) para abrir y cerrar grupos.</source>
        <translation>Turn on «Group similar photos» ({0}) to open and close groups.</translation>
    </message>
    <message>
        <source>Esta foto no está en un grupo de parecidas.</source>
        <translation>This photo is not in a group of similar photos.</translation>
    </message>
    <message>
        <source>Grupo de {0} fotos parecidas abierto: clic o {1} para cerrarlo</source>
        <translation>Open group of {0} similar photos: click or {1} to close it</translation>
    </message>
    <message>
        <source>{0} fotos parecidas: clic o {1} para verlas</source>
        <translation>{0} similar photos: click or {1} to see them</translation>
    </message>
</context>
</TS>
