import { conversations, customers, type createDb, type Db } from '@flectar/db'

type Sql = ReturnType<typeof createDb>['sql']

/** A word in exactly 1 % of the messages (1 in 100 by message number) and nowhere in the vocabulary. */
export const RARE_WORD = 'reembolso'
/** One of the vocabulary's most common words: in about a quarter of the messages. */
export const COMMON_WORD = 'cita'
/** A surname of about 8 % of the customers, and of no message body. */
export const SEARCHED_SURNAME = 'Ferrer'

const FIRST_NAMES = ['Ana', 'Bruno', 'Carla', 'Daniel', 'Elena', 'Fernando', 'Gema', 'Hugo', 'Irene', 'Javier', 'Lucía', 'Manuel', 'Nerea', 'Óscar', 'Paula',
  'Raúl', 'Sara', 'Tomás', 'Úrsula', 'Víctor', 'Alba', 'Bea', 'Carlos', 'Diana', 'Eric', 'Flor', 'Gabriel', 'Helena', 'Iván', 'Julia']
const SURNAMES = ['García', 'Martínez', 'López', 'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Álvarez',
  'Romero', 'Alonso', 'Gutiérrez', 'Navarro', 'Torres', 'Domínguez', 'Vázquez', 'Ramos', 'Gil', 'Serrano', 'Blanco', SEARCHED_SURNAME]
/**
 * What customers and the salon write about. Drawn with a skew (`random()^1.6`), so the first
 * words are common and the last ones rare, as in real text; full-text search then has both
 * huge and small posting lists to work with.
 */
const VOCABULARY = ('hola buenas gracias cita hora mañana tarde viernes sábado lunes martes miércoles jueves domingo semana próxima puedo quiero '
  + 'reservar cambiar cancelar confirmar llegar tarde minutos corte pelo tinte mechas balayage peinado barba manicura pedicura uñas cejas '
  + 'depilación masaje facial tratamiento keratina alisado permanente recogido novia boda evento precio presupuesto cuánto cuesta euros '
  + 'tarjeta efectivo bizum pagar señal factura descuento bono regalo producto champú mascarilla aceite laca cera color rubio castaño '
  + 'moreno rojo ceniza raíz puntas largo corto media melena flequillo capas volumen rizos liso ondas natural perfecto genial vale '
  + 'claro disculpa perdona problema retraso tráfico aparcar dirección calle local abierto cerrado horario festivo vacaciones agosto '
  + 'diciembre navidad verano otoño invierno primavera hija hijo madre marido amiga compañera recomendación opinión foto referencia '
  + 'estilista peluquera recepción teléfono mensaje llamar responder disponible hueco libre ocupado lista espera primera vez cliente '
  + 'habitual siempre nunca quizá seguro encantada estupendo maravilloso recuerdo recordatorio aviso alergia piel sensible prueba').split(' ')
const SUBJECTS = ['Cita del viernes', 'Consulta sobre tinte', 'Presupuesto para boda', 'Cambio de hora', 'Factura de marzo', 'Bono regalo', 'Pregunta', 'Reserva']
const DAY_MS = 86_400_000

interface SeedScope { orgId: string, projectId: string }

interface SeedOptions {
  customers: number
  messages: number
  /** Outbound provider ids must be unique per channel across projects. */
  providerIdPrefix: string
  /** Assigned to every fourth conversation. */
  memberId: string
  now: Date
}

const ascii = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036F]/g, '').toLowerCase()

/** 45 % email, 30 % WhatsApp, 15 % SMS, 10 % contact form: who writes how, by customer number. */
function primaryChannelOf(index: number): 'email' | 'whatsapp' | 'sms' | 'form' {
  const bucket = index % 20
  return bucket < 9 ? 'email' : bucket < 15 ? 'whatsapp' : bucket < 18 ? 'sms' : 'form'
}

/**
 * One project's customers (one conversation each) and their messages. Customers and
 * conversations are a few batched inserts; the messages are one `INSERT … SELECT` over
 * `generate_series` in one transaction with a fixed `setseed`, so every run seeds the same
 * bodies, channels and times. The conversations' last message, preview and channels are then
 * set from their messages, as recording each message would have.
 */
export async function seedInboxProject(db: Db, sql: Sql, scope: SeedScope, options: SeedOptions): Promise<void> {
  const { now } = options
  const people = Array.from({ length: options.customers }, (_, index) => {
    const first = FIRST_NAMES[index % FIRST_NAMES.length]!
    const last = SURNAMES[Math.floor(index / FIRST_NAMES.length) % SURNAMES.length]!
    const second = SURNAMES[(index * 7 + 3) % SURNAMES.length]!
    const channel = primaryChannelOf(index)
    const hasEmail = channel === 'email' || channel === 'form' || index % 2 === 1
    return {
      ...scope,
      name: `${first} ${last} ${second}`,
      email: hasEmail ? `${ascii(first)}.${ascii(last)}${index}@example.com` : null,
      phone: `+346${String(10_000_000 + index)}`,
      createdAt: new Date(now.getTime() - 400 * DAY_MS),
    }
  })
  const created = await db.insert(customers).values(people).returning({ id: customers.id, phone: customers.phone })
  const customerIdOf = new Map(created.map(row => [row.phone!, row.id]))
  const threads = people.map((person, index) => {
    // Last activity spread over ~6 months, most of it recent.
    const age = ((index * 7919) % 1000) / 1000
    const status = index % 10 < 7 ? 'open' : index % 10 === 7 ? 'snoozed' : 'closed'
    return {
      ...scope,
      customerId: customerIdOf.get(person.phone)!,
      status: status as 'open' | 'snoozed' | 'closed',
      // Half the snoozed ones are due again (they count as open).
      snoozedUntil: status === 'snoozed' ? new Date(now.getTime() + (index % 20 === 7 ? -1 : 1) * 2 * DAY_MS) : null,
      assignedUserId: index % 4 === 0 ? options.memberId : null,
      unreadCount: index % 3 === 0 ? 1 + (index % 5) : 0,
      lastMessageAt: new Date(now.getTime() - age ** 1.5 * 180 * DAY_MS),
      createdAt: new Date(now.getTime() - 400 * DAY_MS),
    }
  })
  const conversationRows = await db.insert(conversations).values(threads).returning({ id: conversations.id, customerId: conversations.customerId, lastMessageAt: conversations.lastMessageAt })
  const threadOf = new Map(conversationRows.map(row => [row.customerId, row]))
  const numbered = threads.map((thread, index) => ({ n: index + 1, conversation_id: threadOf.get(thread.customerId)!.id, primary_channel: primaryChannelOf(index), last_at: thread.lastMessageAt.toISOString() }))

  await sql.begin(async (tx) => {
    await tx`select setseed(0.17)`
    await tx`create temp table bench_threads (n int primary key, conversation_id uuid not null, primary_channel text not null, last_at timestamptz not null) on commit drop`
    await tx`insert into bench_threads ${tx(numbered, 'n', 'conversation_id', 'primary_channel', 'last_at')}`
    // Every conversation gets one message, the rest go by a skew (`random()^1.25`): a few
    // long threads, many short ones. The subquery keeps `random()` to once per message.
    await tx`
      with picked as (
        select s.g, t.conversation_id, t.last_at,
          case when s.r_channel < 0.05 then 'note'
               when s.r_channel < 0.85 then t.primary_channel
               else (array['email', 'sms', 'whatsapp'])[1 + floor(random() * 3)::int] end as channel_pick,
          s.r_direction, s.r_status, s.r_age
        from (
          select g, random() as r_channel, random() as r_direction, random() as r_status, random() as r_age,
            case when g <= ${threads.length}::int then g else 1 + least(${threads.length - 1}::int, floor(${threads.length}::int * power(random(), 1.25))::int) end as n
          from generate_series(1, ${options.messages}::int) g
        ) s
        join bench_threads t on t.n = s.n
      ), shaped as (
        select *,
          case when channel_pick = 'form' and r_direction >= 0.55 then 'email' else channel_pick end as channel
        from picked
      ), directed as (
        select *,
          case when channel = 'note' then 'internal' when channel = 'form' or r_direction < 0.55 then 'inbound' else 'outbound' end as direction
        from shaped
      )
      insert into conversation_messages (org_id, project_id, conversation_id, direction, channel, status, error, subject, body, provider_message_id, created_at)
      select ${scope.orgId}::uuid, ${scope.projectId}::uuid, conversation_id, direction::message_direction, channel::message_channel,
        (case when direction <> 'outbound' then 'received'
              when r_status < 0.30 then 'read' when r_status < 0.70 then 'delivered' when r_status < 0.95 then 'sent' else 'failed' end)::message_status,
        case when direction = 'outbound' and r_status >= 0.95 then 'The message was not delivered.' end,
        case when channel = 'email' then (case when g % 3 = 0 then 'Re: ' else '' end) || (${tx.array(SUBJECTS)}::text[])[1 + g % ${SUBJECTS.length}::int] end,
        (select string_agg((${tx.array(VOCABULARY)}::text[])[1 + floor(power(random(), 1.6) * ${VOCABULARY.length}::int)::int], ' ') from generate_series(1, 5 + (g * 7) % 35) as w(k))
          || case when g % 100 = 37 then ' ' || ${RARE_WORD}::text else '' end,
        case when direction = 'outbound' then ${options.providerIdPrefix}::text || g end,
        last_at - power(r_age, 2) * interval '120 days'
      from directed`
    await tx`
      update conversations c set last_message_at = m.created_at, last_message_preview = left(regexp_replace(m.body, '\\s+', ' ', 'g'), 140)
      from (
        select distinct on (conversation_id) conversation_id, created_at, body from conversation_messages
        where project_id = ${scope.projectId} and direction <> 'internal' order by conversation_id, created_at desc
      ) m where c.id = m.conversation_id`
    await tx`
      update conversations c set last_inbound_channel = m.channel, last_whatsapp_inbound_at = w.at
      from (
        select distinct on (conversation_id) conversation_id, channel from conversation_messages
        where project_id = ${scope.projectId} and direction = 'inbound' order by conversation_id, created_at desc
      ) m
      left join (
        select conversation_id, max(created_at) as at from conversation_messages
        where project_id = ${scope.projectId} and direction = 'inbound' and channel = 'whatsapp' group by conversation_id
      ) w using (conversation_id)
      where c.id = m.conversation_id`
  })
}
